package dev.flatgrad.codegen.lowering;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.nn.Nn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Attention over packed documents computed only within each document (the causal structure): loss and every
 * gradient equal the reference interpreter's, and equal bit for bit the program whose mask is built from
 * comparisons (which the code generator cannot see through, so it computes every T x T element). Segment
 * layouts: one document, many of length 1, equal blocks, random runs, and no segment ids at all.
 */
class CausalAttentionTest {
    private static final int MAX_T = 20;

    /** How documents are laid out along the packed sequence. */
    enum Layout { ONE_DOCUMENT, ALL_LENGTH_ONE, EQUAL_BLOCKS, RANDOM_RUNS, NO_SEGMENTS }

    @Test
    void attentionWithinDocumentsEqualsTheDenseComputation() {
        qt("attentionWithinDocumentsEqualsTheDenseComputation").withExamples(60).withShrinkCycles(200)
                .forAll(integers().between(0, Layout.values().length - 1), integers().between(1, MAX_T),
                        integers().between(1, 3), longs().all())
                .checkAssert((layout, t, heads, seed) -> check(Layout.values()[layout], t, heads, seed));
    }

    @Test
    void segmentIdsThatDecreaseAreRefused() {
        Model model = new Model(2, true, false);
        Program p = Flatgrad.compile(model.spec(DType.F64));
        p.setLength(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.setInput("segments", new int[] {0, 1, 0, 1}));
        assertTrue(e.getMessage().contains("segment ids, which must not decrease")
                && e.getMessage().contains("position 2 holds 0 after 1"), e.getMessage());
    }

    private static void check(Layout layout, int t, int heads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] segments = segments(layout, t, random);
        Model fast = new Model(heads, layout != Layout.NO_SEGMENTS, false);
        Model dense = new Model(heads, layout != Layout.NO_SEGMENTS, true);
        int c = fast.width;
        double[][] values = {gaussian(random, t * c), gaussian(random, c * c), gaussian(random, c * c),
            gaussian(random, c * c), gaussian(random, c * c)};
        String context = layout + ", T = " + t + ", " + heads + " heads, segments " + Arrays.toString(segments);
        for (DType precision : List.of(DType.F64, DType.F32)) {
            Program structured = run(fast, precision, t, values, segments);
            Program everywhere = run(dense, precision, t, values, segments);
            assertArrayEquals(everywhere.output("loss"), structured.output("loss"), context);
            for (String name : Model.PARAMS) {
                assertArrayEquals(everywhere.gradient(name), structured.gradient(name), precision + " d loss/d " + name
                        + " differs from the dense computation: " + context);
            }
        }
        Bindings bindings = new Bindings().dim("T", t);
        for (int i = 0; i < Model.PARAMS.size(); i++) {
            bindings.bind(Model.PARAMS.get(i), values[i], i == 0 ? new int[] {t, c} : new int[] {c, c});
        }
        if (segments != null) {
            bindings.bindInts("segments", segments, t);
        }
        List<Node> nodes = new ArrayList<>(List.of(fast.loss));
        ProgramSpec spec = fast.spec(DType.F64);
        nodes.addAll(spec.gradients());
        List<NDArray> expected = Interpreter.evaluate(bindings, nodes);
        Program compiled = run(fast, DType.F64, t, values, segments);
        assertEquals(expected.get(0).item(), compiled.scalar("loss"), 1e-12 * Math.max(1, Math.abs(expected.get(0).item())), context);
        for (int i = 0; i < Model.PARAMS.size(); i++) {
            double[] want = expected.get(i + 1).data();
            double[] got = compiled.gradient(Model.PARAMS.get(i));
            for (int e = 0; e < want.length; e++) {
                assertTrue(Math.abs(want[e] - got[e]) <= 1e-12 * Math.max(1, Math.abs(want[e])),
                        "d loss/d " + Model.PARAMS.get(i) + "[" + e + "]: interpreter " + want[e] + ", compiled " + got[e]
                                + "; " + context);
            }
        }
    }

    private static Program run(Model model, DType precision, int t, double[][] values, int[] segments) {
        Program p = Flatgrad.compile(model.spec(precision));
        p.setLength(t);
        for (int i = 0; i < Model.PARAMS.size(); i++) {
            p.setParam(Model.PARAMS.get(i), values[i]);
        }
        if (segments != null) {
            p.setInput("segments", segments);
        }
        p.forward();
        p.backward();
        return p;
    }

    private static int[] segments(Layout layout, int t, SplittableRandom random) {
        int[] ids = new int[t];
        switch (layout) {
            case ONE_DOCUMENT -> Arrays.fill(ids, 3);
            case ALL_LENGTH_ONE -> Arrays.setAll(ids, i -> i);
            case EQUAL_BLOCKS -> {
                int block = 1 + random.nextInt(Math.max(1, t / 2));
                Arrays.setAll(ids, i -> i / block);
            }
            case RANDOM_RUNS -> {
                for (int i = 1; i < t; i++) {
                    ids[i] = ids[i - 1] + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0);
                }
            }
            case NO_SEGMENTS -> {
                return null;
            }
        }
        return ids;
    }

    private static double[] gaussian(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (random.nextDouble() - 0.5) * 1.5;
        }
        return out;
    }

    /** One attention layer over x[T, C] with a loss; the mask either the causal_mask op or built from comparisons. */
    private static final class Model {
        static final List<String> PARAMS = List.of("x", "wq", "wk", "wv", "wo");
        final Graph graph = new Graph();
        final int width;
        final Node loss;

        Model(int heads, boolean segmented, boolean comparisonMask) {
            width = 2 * heads;
            Dim t = graph.symbol("T", MAX_T);
            Node x = graph.param("x", DType.F64, Shape.of(t, width));
            Node wq = graph.param("wq", width, width);
            Node wk = graph.param("wk", width, width);
            Node wv = graph.param("wv", width, width);
            Node wo = graph.param("wo", width, width);
            Node segments = segmented ? graph.input("segments", DType.I32, Shape.of(t)) : null;
            Node out = comparisonMask ? attention(x, wq, wk, wv, wo, heads, t, segments)
                    : Nn.causalSelfAttention(x, wq, wk, wv, wo, heads, segments);
            loss = out.mul(out).sum().named("loss");
        }

        ProgramSpec spec(DType precision) {
            return ProgramSpec.builder(graph).minimize(loss, graph.params()).precision(precision).build();
        }

        /** Nn.causalSelfAttention's arithmetic, with the mask made of iota comparisons. */
        private Node attention(Node x, Node wq, Node wk, Node wv, Node wo, int heads, Dim t, Node segments) {
            int hd = width / heads;
            Node q = Nn.linear(x, wq).reshape(t, heads, hd).permute(1, 0, 2);
            Node k = Nn.linear(x, wk).reshape(t, heads, hd).permute(1, 2, 0);
            Node v = Nn.linear(x, wv).reshape(t, heads, hd).permute(1, 0, 2);
            Node scores = q.matmul(k).mul(Math.pow(Math.sqrt(hd), -1));
            Shape square = Shape.of(t, t);
            Node mask = graph.iota(square, 1, DType.I32).le(graph.iota(square, 0, DType.I32));
            if (segments != null) {
                mask = mask.mul(segments.reshape(t, 1).eq(segments.reshape(1, t)));
            }
            Node masked = mask.select(scores, graph.constant(Double.NEGATIVE_INFINITY));
            Node weights = Nn.softmax(masked, -1);
            return Nn.linear(weights.matmul(v).permute(1, 0, 2).reshape(t, width), wo);
        }
    }
}

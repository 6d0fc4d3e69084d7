package dev.flatgrad.codegen.emission;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Numerics;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Elementwise chains over rows up to 40 wide, where pointwise kernels run in vector lanes (and their tails in
 * scalar loops): the loss and gradients of exact, fast, f64 and f32 programs against the interpreter.
 */
class VectorPointwiseTest {
    private static final int MAX_T = 20;

    @Test
    void vectorPointwiseKernelsMatchTheInterpreter() {
        qt("vectorPointwiseKernelsMatchTheInterpreter").withExamples(60).withShrinkCycles(200)
                .forAll(integers().between(1, MAX_T), integers().between(1, 40), integers().between(1, 6), longs().all())
                .checkAssert(this::check);
    }

    private void check(int t, int width, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Graph g = new Graph();
        Dim symbol = g.symbol("T", MAX_T);
        Node x = g.param("x", DType.F64, Shape.of(symbol, width));
        Node row = g.param("row", width);
        Node column = g.param("column", DType.F64, Shape.of(symbol, 1));
        Node value = x;
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int op = random.nextInt(9);
            ops.add(Integer.toString(op));
            value = switch (op) {
                case 0 -> value.add(row);
                case 1 -> value.mul(column);
                case 2 -> value.mul(0.5).exp();
                case 3 -> value.mul(value).add(1.0).log();
                case 4 -> value.sub(row).relu();
                case 5 -> value.maximum(row);
                case 6 -> value.gt(column).select(value, row.broadcastTo(value.shape()));
                case 7 -> value.mul(value).add(0.5).sqrt();
                default -> value.neg().div(column.mul(column).add(1.0));
            };
        }
        Node loss = value.mul(value).sum().named("loss");
        List<Node> params = List.of(x, row, column);
        double[] xs = values(random, t * width);
        double[] rows = values(random, width);
        double[] columns = values(random, t);
        Bindings bindings = new Bindings().dim("T", t).bind("x", xs, t, width).bind("row", rows, width)
                .bind("column", columns, t, 1);
        List<Node> nodes = new ArrayList<>(List.of(loss));
        nodes.addAll(Autodiff.grad(loss, params));
        List<NDArray> expected = Interpreter.evaluate(bindings, nodes);
        String context = "T = " + t + ", width " + width + ", ops " + ops;
        for (DType precision : List.of(DType.F64, DType.F32)) {
            for (Numerics numerics : Numerics.values()) {
                double tolerance = precision == DType.F32 ? 1e-4 : numerics == Numerics.FAST ? 1e-9 : 1e-12;
                Program p = Flatgrad.compile(ProgramSpec.builder(g).minimize(loss, params).precision(precision)
                        .numerics(numerics).build());
                p.setLength(t).setParam("x", xs).setParam("row", rows).setParam("column", columns);
                p.forward();
                p.backward();
                String where = precision + " " + numerics + ", " + context;
                close(expected.get(0).data(), new double[] {p.scalar("loss")}, tolerance, "loss " + where);
                for (int i = 0; i < params.size(); i++) {
                    close(expected.get(i + 1).data(), p.gradient(params.get(i).name()), tolerance,
                            "d loss/d " + params.get(i).name() + " " + where);
                }
            }
        }
    }

    private static double[] values(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextDouble(-1.2, 1.2);
        }
        return out;
    }

    private static void close(double[] expected, double[] actual, double tolerance, String what) {
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            double error = Math.abs(expected[i] - actual[i]);
            assertTrue(error <= tolerance * scale, () -> what + "[" + at + "]: interpreter " + expected[at]
                    + ", compiled " + actual[at]);
        }
    }
}

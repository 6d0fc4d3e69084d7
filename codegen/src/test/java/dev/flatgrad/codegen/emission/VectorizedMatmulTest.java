package dev.flatgrad.codegen.emission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vector API matmuls give bit-identical results to the scalar ones: same multiply and add per lane,
 * same order. Covers full vector tiles, a single vector, scalar leftovers (27 columns), transposed
 * weights (copied for contiguous loads) and weight gradients (computed transposed).
 */
class VectorizedMatmulTest {
    @ParameterizedTest(name = "{0} in={1} out={2}")
    @CsvSource({"F64, 16, 27", "F64, 16, 64", "F64, 64, 16", "F64, 8, 8", "F32, 16, 27", "F32, 16, 64"})
    void vectorAndScalarProgramsAgreeBitForBit(DType precision, int in, int out) {
        assumeTrue(VectorSupport.available(), "run the JVM with --add-modules jdk.incubator.vector");
        Program vector = compile(precision, in, out, true);
        Program scalar = compile(precision, in, out, false);
        assertTrue(vector.source().contains("fromArray(SPECIES"), "the vector program uses vectors");
        assertFalse(scalar.source().contains("jdk.incubator.vector"), "the scalar program does not");
        Random random = new Random(in * 31 + out);
        double[] x = random.doubles(5 * in, -1, 1).toArray();
        double[] w = random.doubles(out * in, -1, 1).toArray();
        double[] v = random.doubles(out * in, -1, 1).toArray();
        for (Program p : List.of(vector, scalar)) {
            p.setLength(5).setInput("x", x).setParam("w", w).setParam("v", v);
            p.forward();
            p.backward();
        }
        assertEquals(scalar.scalar("loss"), vector.scalar("loss"), 0.0);
        assertArrayEquals(scalar.gradient("w"), vector.gradient("w"), 0.0);
        assertArrayEquals(scalar.gradient("v"), vector.gradient("v"), 0.0);
    }

    /** loss = sum(tanh-free mix of linear(x, w) and linear(linear(x, w), vᵀ-ish)) over T = 5 rows. */
    private static Program compile(DType precision, int in, int out, boolean vectorize) {
        Graph g = new Graph();
        Dim t = g.symbol("T", 8);
        Node x = g.input("x", DType.F64, Shape.of(t, in));
        Node w = g.param("w", out, in);
        Node v = g.param("v", out, in);
        Node h = Nn.linear(x, w);                          // x·wᵀ: a transposed weight
        Node back = h.matmul(v);                           // h·v: a plain weight
        Node loss = h.mul(h).sum().add(back.mul(back).sum()).named("loss");
        return Flatgrad.compile(ProgramSpec.builder(g).className("Vectorized" + vectorize + precision + in + "x" + out)
                .minimize(loss, List.of(w, v)).precision(precision).vectorize(vectorize).build());
    }
}

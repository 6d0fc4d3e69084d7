package dev.flatgrad.codegen.compilation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every generated method stays under HotSpot's 8,000-byte JIT limit, even for a huge graph. */
class MethodSizeLimitTest {
    @Test
    void aHugeGraphIsSplitIntoSmallMethods() {
        Graph g = new Graph();
        List<Node> params = new ArrayList<>();
        Node x = g.param("x", 4, 4);
        params.add(x);
        Node acc = x;
        // a long fused chain and thousands of kernel calls per pass: both must be split
        for (int i = 0; i < 200; i++) {
            Node w = g.param("w" + i, 4, 4);
            params.add(w);
            acc = acc.mul(w).add(0.001).exp().mul(0.5).sub(acc.sum(1, true).mul(0.05));
        }
        Node loss = acc.sum().named("loss");
        Program p = Flatgrad.compile(ProgramSpec.builder(g).className("Huge").minimize(loss, params).build());
        int largest = p.largestMethodBytes();
        assertTrue(largest < 8000, () -> "largest generated method is " + largest + " bytes: " + p.methodSizes().entrySet()
                .stream().filter(e -> e.getValue() == largest).findFirst().orElseThrow());
        assertTrue(p.kernelCount() > 1000, "the graph really is huge: " + p.kernelCount() + " kernels");

        double[] small = new double[16];
        java.util.Arrays.fill(small, 0.01);
        Bindings bindings = new Bindings();
        for (Node param : params) {
            p.setParam(param.name(), small);
            bindings.bind(param.name(), small, 4, 4);
        }
        p.forward();
        p.backward();
        double expected = Interpreter.evaluate(loss, bindings).item();
        assertEquals(expected, p.scalar("loss"), 1e-12 * Math.abs(expected));
    }
}

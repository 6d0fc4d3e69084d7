package dev.flatgrad.codegen.compilation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A graph too large for one class file (over 65,535 constants) is spread over nested part classes,
 * each within the limit, and computes what the interpreter computes.
 */
class ClassSplitTest {
    private static final int MAX_CONSTANTS = 0xFFFF;
    private static final int LAYERS = 220;

    @Test
    void aGraphTooLargeForOneClassIsSplitIntoParts() {
        Graph g = new Graph();
        List<Node> params = new ArrayList<>();
        Node acc = g.param("x", 4, 4);
        params.add(acc);
        for (int i = 0; i < LAYERS; i++) {
            Node w = g.param("w" + i, 4, 4);
            params.add(w);
            acc = acc.mul(w).add(0.001 * (i % 7)).exp().mul(0.5).sub(acc.sum(1, true).mul(0.05));
        }
        Node loss = acc.sum().named("loss");
        Program p = Flatgrad.compile(ProgramSpec.builder(g).className("Split").minimize(loss, params)
                .optimizer(Optimizer.adam(0.9, 0.99, 1e-8)).build());

        Map<String, byte[]> classes = p.bytecode();
        assertTrue(classes.size() > 2, "expected part classes, got " + classes.keySet());
        classes.forEach((name, bytes) -> {
            int constants = ((bytes[8] & 0xFF) << 8) | (bytes[9] & 0xFF);
            assertTrue(constants < MAX_CONSTANTS, name + " has " + constants + " constants");
        });
        assertTrue(p.largestMethodBytes() < 8000, "largest method " + p.largestMethodBytes());

        double[] small = new double[16];
        Arrays.fill(small, 0.01);
        Bindings bindings = new Bindings();
        for (Node param : params) {
            p.setParam(param.name(), small);
            bindings.bind(param.name(), small, 4, 4);
        }
        p.forward();
        p.backward();
        Node gradX = Autodiff.grad(loss, params.get(0));
        double want = Interpreter.evaluate(loss, bindings).item();
        assertEquals(want, p.scalar("loss"), 1e-12 * Math.abs(want));
        assertArrayEquals(Interpreter.evaluate(gradX, bindings).data(), p.gradient("x"), 1e-12);

        String last = "w" + (LAYERS - 1);
        Node gradLast = Autodiff.grad(loss, params.get(LAYERS));
        assertArrayEquals(Interpreter.evaluate(gradLast, bindings).data(), p.gradient(last), 1e-12);

        p.update(0.01); // Adam over every param, through the part classes: a nonzero gradient moves the param
        double[] w = p.param(last);
        for (int i = 0; i < w.length; i++) {
            assertTrue(w[i] < 0.01, last + "[" + i + "] = " + w[i] + " after Adam");
        }
    }
}

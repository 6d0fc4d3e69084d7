package dev.flatgrad.codegen.lowering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pointwise value read by several nodes gets a buffer only when they are computed by more than one kernel, or
 * read it at other indices: within one pointwise kernel it is computed once, as a local.
 */
class SharedValueFusionTest {
    private final Graph g = new Graph();
    private final Dim t = g.symbol("T", 4);
    private final Node x = g.input("x", DType.F64, Shape.of(t, 3));
    private final Node m = x.exp();

    @Test
    void aValueReadTwiceInOneKernelStaysFused() {
        Node out = m.add(x).add(m).named("out");
        Node square = m.mul(m).named("square");
        for (Node root : List.of(out, square)) {
            Plan plan = Plan.of(g, List.of(root), List.of());
            assertFalse(plan.isMaterialized(m), root.name());
            Program p = Flatgrad.compile(ProgramSpec.builder(g).output(root).build());
            double[] xs = {0.5, -1, 2, 0.25, 0, 1};
            p.setLength(2).setInput("x", xs);
            p.forward();
            Bindings b = new Bindings().dim("T", 2).bind("x", xs, 2, 3);
            assertArrayEquals(Interpreter.evaluate(root, b).data(), p.output(root.name()));
        }
    }

    @Test
    void aValueReadByTwoKernelsOrThroughAViewGetsABuffer() {
        Node first = m.add(x).named("first");
        Node summed = m.sum(1, false).named("summed");
        assertTrue(Plan.of(g, List.of(first, summed), List.of()).isMaterialized(m));
        Node square = g.input("square", DType.F64, Shape.of(3, 3)).exp();
        Node symmetric = square.add(square.transpose()).named("symmetric");
        assertTrue(Plan.of(g, List.of(symmetric), List.of()).isMaterialized(square));
    }
}

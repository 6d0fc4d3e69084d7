package dev.flatgrad.examples;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.List;
import java.util.Locale;

/** The README's first example: fit y = 2x + 1 with a graph compiled to Java (a test keeps the two in step). */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) {
        // readme:begin
        Graph g = new Graph();
        Dim n = g.symbol("N", 64);                          // rows per step: 1 to 64, bound at run time
        Node x = g.input("x", DType.F64, Shape.of(n, 1));
        Node y = g.input("y", DType.F64, Shape.of(n, 1));
        Node w = g.param("w", 1, 1);
        Node b = g.param("b", 1);
        Node loss = x.matmul(w).add(b).sub(y).square().mean().named("loss");

        // forward, backward (derived symbolically) and Adam, compiled into one Java class
        Program p = Flatgrad.compile(ProgramSpec.builder(g).minimize(loss, List.of(w, b))
                .optimizer(Optimizer.adam(0.9, 0.999, 1e-8)).build());
        p.setLength(4)
                .setInput("x", new double[] {0, 1, 2, 3})
                .setInput("y", new double[] {1, 3, 5, 7})
                .setParam("w", new double[] {0})
                .setParam("b", new double[] {0});
        for (int step = 0; step < 2000; step++) {
            p.step(0.01);                                   // allocates nothing
        }
        System.out.printf(Locale.ROOT, "loss %.6f, w %.4f, b %.4f%n", p.scalar("loss"), p.param("w")[0], p.param("b")[0]);
        // readme:end
    }
}

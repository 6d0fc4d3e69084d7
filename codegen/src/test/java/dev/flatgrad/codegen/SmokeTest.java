package dev.flatgrad.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.nn.Nn;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void demo() {
        Graph g = new Graph();
        Dim t = g.symbol("T", 8);
        Node x = g.input("x", DType.F64, Shape.of(t, 3));
        Node labels = g.input("labels", DType.I32, Shape.of(t));
        Node w1 = g.param("w1", 4, 3);
        Node w2 = g.param("w2", 2, 4);
        Node logits = Nn.linear(Nn.linear(x, w1).relu(), w2).named("logits");
        Node loss = Nn.crossEntropy(logits, labels).named("loss");
        ProgramSpec spec = ProgramSpec.builder(g).output(logits).minimize(loss, List.of(w1, w2)).build();
        Program p = Flatgrad.compile(spec);
        System.out.println(p.source());
        double[] xs = {0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 0.4};
        double[] a = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, -0.7, 0.8, 0.9, 0.15, -0.25, 0.35};
        double[] b = {0.2, -0.1, 0.4, 0.3, -0.5, 0.6, 0.1, -0.2};
        p.setLength(3).setInput("x", xs).setInput("labels", new int[] {1, 0, 1}).setParam("w1", a).setParam("w2", b);
        p.forward();
        p.backward();
        Bindings values = new Bindings().dim("T", 3).bind("x", xs, 3, 3).bindInts("labels", new int[] {1, 0, 1}, 3)
                .bind("w1", a, 4, 3).bind("w2", b, 2, 4);
        var ref = Interpreter.evaluate(values, List.of(loss, spec.gradients().get(0), spec.gradients().get(1)));
        assertEquals(ref.get(0).item(), p.scalar("loss"), 1e-15);
        for (int i = 0; i < 12; i++) {
            assertEquals(ref.get(1).get(i), p.gradient("w1")[i], 1e-15);
        }
        System.out.println("largest method " + p.largestMethodBytes() + " compile ms " + p.compileMillis());
    }
}

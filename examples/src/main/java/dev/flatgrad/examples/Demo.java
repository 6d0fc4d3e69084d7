package dev.flatgrad.examples;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.check.GradCheck;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.nn.Nn;
import dev.flatgrad.print.GraphPrinter;
import java.util.List;

/**
 * A first look at flatgrad: declare a small classifier, derive its gradient symbolically, print the
 * forward and backward graphs, evaluate them and check the gradient against finite differences.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        Graph g = new Graph();
        Dim t = g.symbol("T", 8);                                   // a batch of 1..8 rows, bound at run time
        Node x = g.input("x", DType.F64, Shape.of(t, 3));
        Node labels = g.input("labels", DType.I32, Shape.of(t));
        Node w1 = g.param("w1", 4, 3);                               // stored [out, in], as microgpt does
        Node w2 = g.param("w2", 2, 4);
        Node logits = Nn.linear(Nn.linear(x, w1).relu(), w2).named("logits");
        Node loss = Nn.crossEntropy(logits, labels).named("loss");
        int forwardNodes = g.size();

        List<Node> grads = Autodiff.grad(loss, List.of(w1, w2));

        System.out.println("--- forward graph ---");
        System.out.print(GraphPrinter.print(g.nodes().subList(0, forwardNodes)));
        System.out.println("--- backward graph (derived by Autodiff.grad) ---");
        System.out.print(GraphPrinter.print(g.nodes().subList(forwardNodes, g.size())));

        Bindings values = new Bindings().dim("T", 3)
                .bind("x", new double[] {0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 0.4}, 3, 3)
                .bindInts("labels", new int[] {1, 0, 1}, 3)
                .bind("w1", new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, -0.7, 0.8, 0.9, 0.15, -0.25, 0.35}, 4, 3)
                .bind("w2", new double[] {0.2, -0.1, 0.4, 0.3, -0.5, 0.6, 0.1, -0.2}, 2, 4);
        List<NDArray> out = Interpreter.evaluate(values, List.of(loss, grads.get(0), grads.get(1)));
        System.out.println("--- values (T = 3) ---");
        System.out.println("loss     = " + out.get(0).item());
        System.out.println("d loss/d w1 = " + out.get(1));
        System.out.println("d loss/d w2 = " + out.get(2));

        GradCheck.Result check = GradCheck.defaults().check(loss, List.of(w1, w2), values);
        System.out.println("gradient check against central finite differences: "
                + (check.passed() ? "passed" : "FAILED") + " (" + check.elements() + " elements; worst " + check.worst() + ")");
        if (!check.passed()) {
            System.exit(1);
        }
    }
}

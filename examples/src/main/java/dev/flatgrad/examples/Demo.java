package dev.flatgrad.examples;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.check.GradCheck;
import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Optimizer;
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
import dev.flatgrad.print.GraphPrinter;
import java.util.List;

/**
 * A first look at flatgrad: declare a small classifier, derive its gradient symbolically, print the
 * forward and backward graphs, evaluate them, check the gradient against finite differences, then
 * compile forward + backward + Adam to Java and take a training step.
 */
public final class Demo {
    private static final double[] XS = {0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 0.4};
    private static final int[] IDS = {1, 0, 1};
    private static final double[] W1 = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, -0.7, 0.8, 0.9, 0.15, -0.25, 0.35};
    private static final double[] W2 = {0.2, -0.1, 0.4, 0.3, -0.5, 0.6, 0.1, -0.2};

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
                .bind("x", XS, 3, 3)
                .bindInts("labels", IDS, 3)
                .bind("w1", W1, 4, 3)
                .bind("w2", W2, 2, 4);
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

        // compile forward, backward and Adam into one Java class, and take a training step
        Program p = Flatgrad.compile(ProgramSpec.builder(g).output(logits).minimize(loss, List.of(w1, w2))
                .optimizer(Optimizer.adam(0.85, 0.99, 1e-8)).build());
        p.setLength(3).setInput("x", XS).setInput("labels", IDS).setParam("w1", W1).setParam("w2", W2);
        p.step(0.01);                                              // forward, backward, Adam; allocates nothing
        double l = p.scalar("loss");
        double[] d = p.gradient("w1");
        System.out.println("--- compiled program ---");
        System.out.println("loss before the step = " + l + " (interpreter: " + out.get(0).item() + ")");
        System.out.println("d loss/d w1[0]       = " + d[0] + " (interpreter: " + out.get(1).get(0) + ")");
        System.out.println("w1[0] after one Adam step = " + p.param("w1")[0]);
        System.out.println("generated " + p.className() + ": " + p.source().lines().count() + " lines, "
                + p.kernelCount() + " kernels, largest method " + p.largestMethodBytes() + " bytes of bytecode");
    }
}

package dev.flatgrad.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.print.GraphPrinter;
import dev.flatgrad.testing.GeneratedCase;
import java.util.ArrayList;
import java.util.List;

/** What every pass must keep, checked on a generated case; failures print the case and the rewritten graph. */
final class PassChecks {
    /**
     * Merged nodes sum their gradients in another order, so gradients of a graph rewritten before autodiff
     * agree to rounding only.
     */
    static final double GRADIENT_TOLERANCE = 1e-12;

    private PassChecks() {
    }

    /** The loss and its gradients with respect to the case's params: the roots of a training program. */
    static List<Node> trainingRoots(GeneratedCase c) {
        List<Node> roots = new ArrayList<>(List.of(c.loss()));
        roots.addAll(Autodiff.grad(c.loss(), c.params()));
        return roots;
    }

    /**
     * On the forward and backward graph: the roots' values are the same bit for bit at every size of the symbol,
     * and the new graph has no more nodes than the old.
     */
    static void assertKeepsValues(PassUnderTest pass, GeneratedCase c) {
        List<Node> roots = trainingRoots(c);
        Rewritten r = pass.pass().apply(c.graph(), roots);
        String context = context(pass, c, r);
        assertTrue(r.graph().size() <= c.graph().size(), "the graph grew: " + context);
        List<Node> after = r.get(roots);
        for (int size : sizes(c)) {
            Bindings b = c.bindingsAt(size);
            List<NDArray> expected = Interpreter.evaluate(b, roots);
            List<NDArray> actual = Interpreter.evaluate(b, after);
            for (int i = 0; i < roots.size(); i++) {
                assertBitwiseEqual(expected.get(i), actual.get(i), "root " + roots.get(i) + " at size " + size + ": " + context);
            }
        }
    }

    /** Rewriting the forward graph, then differentiating it, gives the gradients of the graph as it was. */
    static void assertKeepsGradients(PassUnderTest pass, GeneratedCase c) {
        Rewritten r = pass.pass().apply(c.graph(), List.of(c.loss()));
        List<Node> before = trainingRoots(c);
        List<Node> after = new ArrayList<>(List.of(r.get(c.loss())));
        after.addAll(Autodiff.grad(r.get(c.loss()), r.get(c.params())));
        String context = context(pass, c, r);
        for (int size : sizes(c)) {
            Bindings b = c.bindingsAt(size);
            List<NDArray> expected = Interpreter.evaluate(b, before);
            List<NDArray> actual = Interpreter.evaluate(b, after);
            assertBitwiseEqual(expected.get(0), actual.get(0), "the loss at size " + size + ": " + context);
            for (int i = 1; i < before.size(); i++) {
                assertClose(expected.get(i), actual.get(i), "d loss/d " + c.params().get(i - 1).name() + " at size " + size
                        + ": " + context);
            }
        }
    }

    /** Running the pass on its own result changes nothing, not even a call site or a name. */
    static void assertIdempotent(PassUnderTest pass, GeneratedCase c) {
        List<Node> roots = trainingRoots(c);
        Rewritten once = pass.pass().apply(c.graph(), roots);
        Rewritten twice = pass.pass().apply(once.graph(), once.get(roots));
        String context = context(pass, c, once);
        assertFalse(twice.changed(), "the second run changed the graph: " + context);
        assertEquals(GraphPrinter.print(once.graph()), GraphPrinter.print(twice.graph()), context);
    }

    private static List<Integer> sizes(GeneratedCase c) {
        List<Integer> out = new ArrayList<>();
        int max = c.symbol().map(d -> d.max()).orElse(0);
        for (int s = Math.min(1, max); s <= max; s++) {
            out.add(s);
        }
        return out;
    }

    private static void assertBitwiseEqual(NDArray expected, NDArray actual, String what) {
        double[] e = expected.data();
        double[] a = actual.data();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                throw new AssertionError("[" + i + "] was " + e[i] + ", is " + a[i] + " for " + what);
            }
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        double[] e = expected.data();
        double[] a = actual.data();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            boolean close = Double.compare(e[i], a[i]) == 0
                    || Math.abs(e[i] - a[i]) <= GRADIENT_TOLERANCE * Math.max(1, Math.max(Math.abs(e[i]), Math.abs(a[i])));
            if (!close) {
                throw new AssertionError("[" + i + "] was " + e[i] + ", is " + a[i] + " for " + what);
            }
        }
    }

    private static String context(PassUnderTest pass, GeneratedCase c, Rewritten r) {
        return pass.label() + " on\n" + c + "rewritten:\n" + GraphPrinter.print(r.graph());
    }
}

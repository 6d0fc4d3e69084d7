package dev.flatgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Autodiff rejects a VJP whose gradient does not have its input's shape and dtype, naming the culprit. */
class VjpTypeCheckTest {
    private static final String HERE = "VjpTypeCheckTest.java:";

    /** The identity, with a VJP that turns the incoming gradient into whatever it is given. */
    private record Identity(UnaryOperator<Node> vjpRule) implements Op {
        @Override
        public String name() {
            return "test_identity";
        }

        @Override
        public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
            return inputs.get(0);
        }

        @Override
        public List<Node> vjp(Node node, Node g, boolean[] needed) {
            return List.of(vjpRule.apply(g));
        }
    }

    private final Graph graph = new Graph();
    private final Node x = graph.param("x", 3, 1);

    private Node identity(UnaryOperator<Node> vjpRule) {
        return graph.add(new Identity(vjpRule), List.of(x), x.shape(), x.dtype());
    }

    @Test
    void aGradientOfAnotherShapeIsRejected() {
        // [3,1] → [1,1] (summed over the rows): it would still broadcast in the sum that follows
        Node y = identity(g -> g.sum(0, true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autodiff.grad(y.sum(), x));
        assertMentions(e, "the VJP of test_identity", y.ref(), "gave a gradient of type f64[1,1]", "expected f64[3,1]",
                x.ref(), "built at " + HERE);
    }

    @Test
    void aGradientOfAnotherDtypeIsRejected() {
        Node y = identity(g -> g.graph().full(0, DType.F32, g.shape()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autodiff.grad(y.sum(), x));
        assertMentions(e, "the VJP of test_identity", y.ref(), "gave a gradient of type f32[3,1]", "expected f64[3,1]", HERE);
    }

    @Test
    void aCorrectVjpPasses() {
        Node y = identity(g -> g);
        assertDoesNotThrow(() -> Autodiff.grad(y.sum(), x));
    }

    private static void assertMentions(Throwable t, String... parts) {
        for (String part : parts) {
            assertTrue(t.getMessage().contains(part), () -> "message lacks '" + part + "': " + t.getMessage());
        }
    }
}

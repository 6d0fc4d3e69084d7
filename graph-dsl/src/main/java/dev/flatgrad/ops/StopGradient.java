package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.List;

/** Identity in the forward pass; blocks gradients (softmax's subtracted max uses it, as microgpt does). */
public final class StopGradient implements Op {
    private static final StopGradient INSTANCE = new StopGradient();

    public static Node apply(Node x) {
        return x.graph().add(INSTANCE, List.of(x), x.shape(), x.dtype());
    }

    @Override
    public String name() {
        return "stop_gradient";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        return inputs.get(0);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return List.of();
    }

    @Override
    public boolean differentiable() {
        return false;
    }
}

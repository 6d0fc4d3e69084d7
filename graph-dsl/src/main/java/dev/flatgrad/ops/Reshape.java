package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.Collections;
import java.util.List;

/** Same row-major values, new shape; the element count must match for every value of the symbols. */
public final class Reshape implements Op {
    private static final Reshape INSTANCE = new Reshape();

    public static Node apply(Node x, Shape target) {
        if (x.shape().fixedProduct() != target.fixedProduct() || !x.shape().symbolCounts().equals(target.symbolCounts())) {
            throw Checks.fail("reshape", "cannot reshape " + x.type() + " to " + target + ": the element counts differ");
        }
        return x.graph().add(INSTANCE, List.of(x), target, x.dtype());
    }

    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        return new NDArray(node.dtype(), context.shapeOf(node), inputs.get(0).data());
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return Collections.singletonList(g.reshape(node.input(0).shape()));
    }
}

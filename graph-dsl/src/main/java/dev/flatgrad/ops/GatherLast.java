package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.Arrays;
import java.util.List;

/** {@code out[s] = x[s, ids[s]]}: one element of the last axis per position (picks a target's log-prob). */
public final class GatherLast implements Op {
    private static final GatherLast INSTANCE = new GatherLast();

    public static Node apply(Node x, Node ids) {
        Checks.requireInt("gather_last", "ids", ids);
        if (x.rank() < 1 || !x.shape().withoutAxis(x.rank() - 1).equals(ids.shape())) {
            throw Checks.fail("gather_last", "ids " + ids.type() + " must have the shape of " + x.type() + " without its last axis");
        }
        if (x.shape().dim(x.rank() - 1).isSymbolic()) {
            throw Checks.fail("gather_last", "the last axis must be fixed, got " + x.type());
        }
        return x.graph().add(INSTANCE, List.of(x, ids), ids.shape(), x.dtype());
    }

    @Override
    public String name() {
        return "gather_last";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray x = inputs.get(0);
        NDArray ids = inputs.get(1);
        int width = x.dim(x.rank() - 1);
        double[] out = new double[ids.size()];
        for (int s = 0; s < out.length; s++) {
            out[s] = x.get(s * width + Ids.at(node, ids, s, width));
        }
        return new NDArray(node.dtype(), context.shapeOf(node), out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        Node x = node.input(0);
        return Arrays.asList(g.scatterAddLast(node.input(1), x.shape().dim(x.rank() - 1).max()), null);
    }
}

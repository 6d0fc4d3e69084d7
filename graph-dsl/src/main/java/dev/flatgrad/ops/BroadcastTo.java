package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.Collections;
import java.util.List;

/**
 * Explicit numpy-style broadcast: leading axes are added and size-1 axes repeated. Its VJP sums the
 * gradient back over the repeated axes.
 */
public final class BroadcastTo implements Op {
    private static final BroadcastTo INSTANCE = new BroadcastTo();

    public static Node apply(Node x, Shape target) {
        int lead = target.rank() - x.rank();
        if (lead < 0) {
            throw Checks.fail("broadcast_to", "cannot broadcast " + x.type() + " to the lower rank " + target);
        }
        for (int i = 0; i < x.rank(); i++) {
            Dim from = x.shape().dim(i);
            Dim to = target.dim(lead + i);
            if (!from.isOne() && !from.equals(to)) {
                throw Checks.fail("broadcast_to", "cannot broadcast " + x.type() + " to " + target
                        + " (axis " + i + ": " + from + " vs " + to + ")");
            }
        }
        return x.graph().add(INSTANCE, List.of(x), target, x.dtype());
    }

    @Override
    public String name() {
        return "broadcast_to";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray x = inputs.get(0);
        int[] outShape = context.shapeOf(node);
        int[] inStrides = broadcastStrides(x.shape(), outShape);
        int[] outStrides = NDArray.strides(outShape);
        double[] out = new double[NDArray.size(outShape)];
        double[] in = x.data();
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int a = 0; a < outShape.length; a++) {
                src += (i / outStrides[a]) % outShape[a] * inStrides[a];
            }
            out[i] = in[src];
        }
        return new NDArray(node.dtype(), outShape, out);
    }

    /** Strides of the input seen through the output's axes: 0 on broadcast axes. */
    public static int[] broadcastStrides(int[] inShape, int[] outShape) {
        int lead = outShape.length - inShape.length;
        int[] inStrides = NDArray.strides(inShape);
        int[] out = new int[outShape.length];
        for (int a = lead; a < outShape.length; a++) {
            out[a] = inShape[a - lead] == 1 ? 0 : inStrides[a - lead];
        }
        return out;
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        Node x = node.input(0);
        int lead = node.rank() - x.rank();
        Node gx = g;
        for (int i = 0; i < lead; i++) {
            gx = gx.sum(0, false);
        }
        for (int i = 0; i < x.rank(); i++) {
            if (x.shape().dim(i).isOne() && !node.shape().dim(lead + i).isOne()) {
                gx = gx.sum(i, true);
            }
        }
        return Collections.singletonList(gx);
    }
}

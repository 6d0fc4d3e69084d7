package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Sum or max along one axis, optionally keeping it as size 1. Sums add in index order from 0.0. */
public final class Reduce implements Op {
    public enum Kind { SUM, MAX }

    private final Kind kind;
    private final int axis;
    private final boolean keepDims;

    private Reduce(Kind kind, int axis, boolean keepDims) {
        this.kind = kind;
        this.axis = axis;
        this.keepDims = keepDims;
    }

    public static Node apply(Kind kind, Node x, int axis, boolean keepDims) {
        String name = kind.name().toLowerCase();
        Checks.requireFloating(name, x);
        int a = Checks.axis(name, x, axis);
        Shape shape = keepDims ? x.shape().withDim(a, Dim.fixed(1)) : x.shape().withoutAxis(a);
        return x.graph().add(new Reduce(kind, a, keepDims), List.of(x), shape, x.dtype());
    }

    public Kind kind() {
        return kind;
    }

    public int axis() {
        return axis;
    }

    public boolean keepDims() {
        return keepDims;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase();
    }

    @Override
    public String attributes() {
        return "axis=" + axis + (keepDims ? " keepdims" : "");
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray x = inputs.get(0);
        int[] shape = x.shape();
        int outer = NDArray.product(shape, 0, axis);
        int inner = NDArray.product(shape, axis + 1, shape.length);
        int n = shape[axis];
        double[] in = x.data();
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = kind == Kind.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    double v = in[(o * n + k) * inner + i];
                    acc = kind == Kind.SUM ? acc + v : Math.max(acc, v);
                }
                out[o * inner + i] = acc;
            }
        }
        return new NDArray(node.dtype(), context.shapeOf(node), out);
    }

    @Override
    public List<Node> vjp(Node y, Node g, boolean[] needed) {
        Node x = y.input(0);
        Shape kept = x.shape().withDim(axis, Dim.fixed(1));
        // a dropped leading axis comes back by broadcasting alone; elsewhere it is re-inserted as size 1
        Node gKept = keepDims || axis == 0 ? g : g.reshape(kept);
        if (kind == Kind.SUM) {
            return Collections.singletonList(gKept.broadcastTo(x.shape()));
        }
        // max: the gradient goes to the maximal elements, split evenly between ties
        Node yKept = keepDims || axis == 0 ? y : y.reshape(kept);
        Node mask = x.eq(yKept);
        Node count = mask.sum(axis, true);
        return Collections.singletonList(mask.mul(gKept).div(count));
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Reduce r && r.kind == kind && r.axis == axis && r.keepDims == keepDims;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, axis, keepDims);
    }
}

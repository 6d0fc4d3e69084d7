package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.List;

/** {@code out[i0, ..., in] = i_axis}: positions along one axis (e.g. token positions, causal masks). */
public final class Iota implements Op {
    private final int axis;

    public Iota(int axis) {
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    @Override
    public String name() {
        return "iota";
    }

    @Override
    public String attributes() {
        return "axis=" + axis;
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        int[] shape = context.shapeOf(node);
        int[] strides = NDArray.strides(shape);
        double[] data = new double[NDArray.size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i / strides[axis]) % shape[axis];
        }
        return new NDArray(node.dtype(), shape, data);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return List.of();
    }

    @Override
    public boolean differentiable() {
        return false;
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Iota i && i.axis == axis;
    }

    @Override
    public int hashCode() {
        return axis;
    }
}

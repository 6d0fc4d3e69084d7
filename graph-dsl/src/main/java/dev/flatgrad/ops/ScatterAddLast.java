package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Adjoint of {@link GatherLast}: {@code out[s, ids[s]] += src[s]} in a zero array with a new last axis. */
public final class ScatterAddLast implements Op {
    private final int size;

    private ScatterAddLast(int size) {
        this.size = size;
    }

    public static Node apply(Node src, Node ids, int size) {
        Checks.requireFloating("scatter_add_last", src);
        Checks.requireInt("scatter_add_last", "ids", ids);
        if (!src.shape().equals(ids.shape())) {
            throw Checks.fail("scatter_add_last", "source " + src.type() + " and ids " + ids.type() + " must have one shape");
        }
        if (size < 1) {
            throw Checks.fail("scatter_add_last", "the new axis needs size 1 or more, got " + size);
        }
        List<Dim> dims = new ArrayList<>(src.shape().dims());
        dims.add(Dim.fixed(size));
        return src.graph().add(new ScatterAddLast(size), List.of(src, ids), Shape.of(dims), src.dtype());
    }

    public int size() {
        return size;
    }

    @Override
    public String name() {
        return "scatter_add_last";
    }

    @Override
    public String attributes() {
        return "size=" + size;
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray src = inputs.get(0);
        NDArray ids = inputs.get(1);
        int[] shape = context.shapeOf(node);
        double[] out = new double[NDArray.size(shape)];
        for (int s = 0; s < ids.size(); s++) {
            out[s * size + Ids.at(node, ids, s, size)] += src.get(s);
        }
        return new NDArray(node.dtype(), shape, out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return Arrays.asList(g.gatherLast(node.input(1)), null);
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScatterAddLast s && s.size == size;
    }

    @Override
    public int hashCode() {
        return size;
    }
}

package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Joins operands along one fixed-size axis; all other axes must agree. Its VJP slices the gradient. */
public final class Concat implements Op {
    private final int axis;

    private Concat(int axis) {
        this.axis = axis;
    }

    public static Node apply(int axis, Node first, Node... rest) {
        List<Node> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        int a = Checks.axis("concat", first, axis);
        int total = 0;
        for (Node x : all) {
            Checks.requireSameDtype("concat", first, x);
            if (x.rank() != first.rank()) {
                throw Checks.fail("concat", "operand ranks differ: " + first.type() + " and " + x.type());
            }
            for (int i = 0; i < x.rank(); i++) {
                if (i != a && !x.shape().dim(i).equals(first.shape().dim(i))) {
                    throw Checks.fail("concat", "axis " + i + " differs: " + first.type() + " and " + x.type());
                }
            }
            Dim d = x.shape().dim(a);
            if (d.isSymbolic()) {
                throw Checks.fail("concat", "cannot concatenate along the symbolic axis " + a + " of " + x.type());
            }
            total += d.max();
        }
        return first.graph().add(new Concat(a), all, first.shape().withDim(a, Dim.fixed(total)), first.dtype());
    }

    public int axis() {
        return axis;
    }

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public String attributes() {
        return "axis=" + axis;
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        int[] outShape = context.shapeOf(node);
        int outer = NDArray.product(outShape, 0, axis);
        int inner = NDArray.product(outShape, axis + 1, outShape.length);
        int total = outShape[axis];
        double[] out = new double[outer * total * inner];
        int offset = 0;
        for (NDArray x : inputs) {
            int width = x.dim(axis);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x.data(), o * width * inner, out, (o * total + offset) * inner, width * inner);
            }
            offset += width;
        }
        return new NDArray(node.dtype(), outShape, out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        List<Node> out = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < node.inputs().size(); i++) {
            int width = node.input(i).shape().dim(axis).max();
            out.add(needed[i] ? g.slice(axis, offset, offset + width) : null);
            offset += width;
        }
        return out;
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Concat c && c.axis == axis;
    }

    @Override
    public int hashCode() {
        return axis;
    }
}

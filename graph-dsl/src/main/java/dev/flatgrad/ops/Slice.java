package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@code x[..., start:end, ...]} along one fixed-size axis; its VJP pads the gradient with zeros. */
public final class Slice implements Op {
    private final int axis;
    private final int start;
    private final int end;

    private Slice(int axis, int start, int end) {
        this.axis = axis;
        this.start = start;
        this.end = end;
    }

    public static Node apply(Node x, int axis, int start, int end) {
        int a = Checks.axis("slice", x, axis);
        Dim d = x.shape().dim(a);
        if (d.isSymbolic()) {
            throw Checks.fail("slice", "cannot slice the symbolic axis " + a + " of " + x.type());
        }
        if (start < 0 || end > d.max() || start >= end) {
            throw Checks.fail("slice", "range [" + start + ", " + end + ") is empty or outside axis " + a + " of " + x.type());
        }
        return x.graph().add(new Slice(a, start, end), List.of(x), x.shape().withDim(a, Dim.fixed(end - start)), x.dtype());
    }

    public int axis() {
        return axis;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    @Override
    public String name() {
        return "slice";
    }

    @Override
    public String attributes() {
        return "axis=" + axis + " " + start + ":" + end;
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray x = inputs.get(0);
        int[] shape = x.shape();
        int outer = NDArray.product(shape, 0, axis);
        int inner = NDArray.product(shape, axis + 1, shape.length);
        int n = shape[axis];
        int width = end - start;
        double[] out = new double[outer * width * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data(), (o * n + start) * inner, out, o * width * inner, width * inner);
        }
        return new NDArray(node.dtype(), context.shapeOf(node), out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        Node x = node.input(0);
        int n = x.shape().dim(axis).max();
        Node gx = g;
        if (start > 0) {
            Node before = x.graph().full(0, x.dtype(), x.shape().withDim(axis, Dim.fixed(start)));
            gx = before.concat(axis, gx);
        }
        if (end < n) {
            Node after = x.graph().full(0, x.dtype(), x.shape().withDim(axis, Dim.fixed(n - end)));
            gx = gx.concat(axis, after);
        }
        return Collections.singletonList(gx);
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Slice s && s.axis == axis && s.start == start && s.end == end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(axis, start, end);
    }
}

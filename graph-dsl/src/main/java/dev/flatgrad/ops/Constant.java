package dev.flatgrad.ops;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.Arrays;
import java.util.List;

/** A constant: one value filling a (possibly symbolic) shape, or explicit row-major values. */
public final class Constant implements Op {
    private final double fill;
    private final double[] values;

    private Constant(double fill, double[] values) {
        this.fill = fill;
        this.values = values;
    }

    public static Constant scalar(double value, DType dtype) {
        return fill(value, dtype);
    }

    public static Constant fill(double value, DType dtype) {
        return new Constant(dtype == DType.F32 ? (float) value : value, null);
    }

    public static Constant values(double[] values, DType dtype) {
        double[] copy = values.clone();
        if (dtype == DType.F32) {
            for (int i = 0; i < copy.length; i++) {
                copy[i] = (float) copy[i];
            }
        }
        return new Constant(Double.NaN, copy);
    }

    /** True when every element has the same value, {@link #fillValue()}. */
    public boolean isFill() {
        return values == null;
    }

    public double fillValue() {
        return fill;
    }

    /** The explicit values (a copy); only when not a fill. */
    public double[] values() {
        return values.clone();
    }

    /** True for a fill constant of the given value. */
    public static boolean isFillOf(Node n, double value) {
        return n.op() instanceof Constant c && c.isFill() && Double.compare(c.fill, value) == 0;
    }

    @Override
    public String name() {
        return "constant";
    }

    @Override
    public String attributes() {
        if (values == null) {
            return Double.toString(fill);
        }
        int shown = Math.min(values.length, 4);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(values.length > shown ? ", ... " + values.length + " values}" : "}").toString();
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        int[] shape = context.shapeOf(node);
        if (values != null) {
            return new NDArray(node.dtype(), shape, values.clone());
        }
        double[] data = new double[NDArray.size(shape)];
        Arrays.fill(data, fill);
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

    /** Value equality, bit for bit: -0.0 and 0.0 differ, as do tables whose values differ anywhere. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Constant c && Double.compare(c.fill, fill) == 0 && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(fill) + Arrays.hashCode(values);
    }
}

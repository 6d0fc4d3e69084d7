package dev.flatgrad.interp;

import dev.flatgrad.dsl.DType;
import java.util.Arrays;

/**
 * A concrete row-major array for the reference interpreter. Values are held as doubles whatever the
 * dtype (int ids are exact in a double); shape and dtype say how to read them.
 */
public final class NDArray {
    private final DType dtype;
    private final int[] shape;
    private final double[] data;

    public NDArray(DType dtype, int[] shape, double[] data) {
        if (data.length != size(shape)) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Arrays.toString(shape));
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    public static NDArray zeros(DType dtype, int... shape) {
        return new NDArray(dtype, shape, new double[size(shape)]);
    }

    public static NDArray of(double[] data, int... shape) {
        return new NDArray(DType.F64, shape, data.clone());
    }

    public static NDArray scalar(double value) {
        return new NDArray(DType.F64, new int[0], new double[] {value});
    }

    public static NDArray ints(int[] values, int... shape) {
        double[] data = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = values[i];
        }
        return new NDArray(DType.I32, shape, data);
    }

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
        }
        return (int) n;
    }

    /** Product of {@code shape[from..to)}: e.g. the outer or inner extent around an axis. */
    public static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= shape[i];
        }
        return s;
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The backing values; the interpreter's ops read and fill them directly. */
    public double[] data() {
        return data;
    }

    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /** The only value of a one-element array. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs one element, shape is " + Arrays.toString(shape));
        }
        return data[0];
    }

    public NDArray copy() {
        return new NDArray(dtype, shape, data.clone());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype + Arrays.toString(shape) + " {");
        int shown = Math.min(data.length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(data.length > shown ? ", ...}" : "}").toString();
    }
}

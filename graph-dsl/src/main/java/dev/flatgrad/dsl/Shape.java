package dev.flatgrad.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A static shape: a list of dimensions, row-major, each fixed or bounded-symbolic. */
public final class Shape {
    private static final Shape SCALAR = new Shape(new Dim[0]);
    private final Dim[] dims;

    private Shape(Dim[] dims) {
        this.dims = dims;
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public static Shape of(int... sizes) {
        Dim[] dims = new Dim[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            dims[i] = Dim.fixed(sizes[i]);
        }
        return new Shape(dims);
    }

    /** A shape starting with a (typically symbolic) dimension: {@code Shape.of(t, 16)}. */
    public static Shape of(Dim first, Object... rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return ofAny(all);
    }

    /** Dimensions given as {@link Dim} or {@link Integer}, in any mix. */
    public static Shape ofAny(Object... dims) {
        Dim[] out = new Dim[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] instanceof Dim d) {
                out[i] = d;
            } else if (dims[i] instanceof Integer n) {
                out[i] = Dim.fixed(n);
            } else {
                throw new IllegalArgumentException("a dimension is an int or a Dim, got " + dims[i]);
            }
        }
        return new Shape(out);
    }

    public static Shape of(List<Dim> dims) {
        return new Shape(dims.toArray(new Dim[0]));
    }

    public int rank() {
        return dims.length;
    }

    public Dim dim(int axis) {
        return dims[axis];
    }

    public List<Dim> dims() {
        return List.of(dims);
    }

    public boolean isScalar() {
        return dims.length == 0;
    }

    public boolean isStatic() {
        for (Dim d : dims) {
            if (d.isSymbolic()) {
                return false;
            }
        }
        return true;
    }

    /** Product of the fixed dimensions (symbolic ones excluded). */
    public long fixedProduct() {
        long p = 1;
        for (Dim d : dims) {
            if (!d.isSymbolic()) {
                p *= d.max();
            }
        }
        return p;
    }

    /** Symbol name to how many times it occurs; two shapes of equal size have equal maps and products. */
    public Map<String, Integer> symbolCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Dim d : dims) {
            if (d.isSymbolic()) {
                counts.merge(d.symbol(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Element count when every symbolic dimension takes its maximum. */
    public long maxElements() {
        long p = 1;
        for (Dim d : dims) {
            p *= d.max();
        }
        return p;
    }

    public int[] resolve(Map<String, Integer> bindings) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i].resolve(bindings);
        }
        return out;
    }

    public Shape withDim(int axis, Dim d) {
        Dim[] out = dims.clone();
        out[axis] = d;
        return new Shape(out);
    }

    public Shape withoutAxis(int axis) {
        List<Dim> out = new ArrayList<>(Arrays.asList(dims));
        out.remove(axis);
        return of(out);
    }

    /** The symbols used, in order of first appearance. */
    public List<Dim> symbols() {
        List<Dim> out = new ArrayList<>();
        for (Dim d : dims) {
            if (d.isSymbolic() && !out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.stream(dims).map(Dim::toString).collect(Collectors.joining(",", "[", "]"));
    }
}

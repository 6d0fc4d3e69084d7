package dev.flatgrad.interp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Values for a graph's params and inputs, by name, and sizes for its symbolic dimensions. */
public final class Bindings {
    private final Map<String, NDArray> values = new LinkedHashMap<>();
    private final Map<String, Integer> dims = new LinkedHashMap<>();

    public Bindings bind(String name, NDArray value) {
        values.put(name, value);
        return this;
    }

    /** Binds a float leaf from row-major values and a concrete shape. */
    public Bindings bind(String name, double[] data, int... shape) {
        return bind(name, NDArray.of(data, shape));
    }

    /** Binds an i32 leaf. */
    public Bindings bindInts(String name, int[] data, int... shape) {
        return bind(name, NDArray.ints(data, shape));
    }

    /** Sets the run-time size of a symbolic dimension. */
    public Bindings dim(String symbol, int size) {
        dims.put(symbol, size);
        return this;
    }

    public Map<String, NDArray> values() {
        return Collections.unmodifiableMap(values);
    }

    public Map<String, Integer> dims() {
        return Collections.unmodifiableMap(dims);
    }

    public NDArray get(String name) {
        return values.get(name);
    }

    /** A copy with one binding replaced (used by finite differences). */
    public Bindings with(String name, NDArray value) {
        Bindings b = copy();
        b.values.put(name, value);
        return b;
    }

    public Bindings copy() {
        Bindings b = new Bindings();
        b.values.putAll(values);
        b.dims.putAll(dims);
        return b;
    }
}

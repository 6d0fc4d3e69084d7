package dev.flatgrad.dsl;

import java.util.Map;
import java.util.Objects;

/**
 * One dimension of a shape: either a fixed size, or a bounded symbolic size such as a sequence
 * length {@code T <= 16} that is bound when the graph is run.
 */
public final class Dim {
    private final String symbol;
    private final int size;

    private Dim(String symbol, int size) {
        this.symbol = symbol;
        this.size = size;
    }

    public static Dim fixed(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a dimension must be at least 1, got " + size);
        }
        return new Dim(null, size);
    }

    /** A symbolic dimension named {@code symbol} whose run-time value lies in {@code [1, max]}. */
    public static Dim symbol(String symbol, int max) {
        Objects.requireNonNull(symbol, "symbol");
        if (!symbol.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a symbolic dimension needs an identifier name, got '" + symbol + "'");
        }
        if (max < 1) {
            throw new IllegalArgumentException("symbolic dimension " + symbol + " needs a maximum of at least 1, got " + max);
        }
        return new Dim(symbol, max);
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    /** The fixed size, or the upper bound of a symbolic dimension. */
    public int max() {
        return size;
    }

    /** The symbol's name; only for symbolic dimensions. */
    public String symbol() {
        if (symbol == null) {
            throw new IllegalStateException("dimension " + size + " is not symbolic");
        }
        return symbol;
    }

    public boolean isOne() {
        return symbol == null && size == 1;
    }

    /** The concrete size under the given bindings of symbolic dimensions. */
    public int resolve(Map<String, Integer> bindings) {
        if (symbol == null) {
            return size;
        }
        Integer value = bindings.get(symbol);
        if (value == null) {
            throw new IllegalStateException("symbolic dimension " + symbol + " is not bound");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dim d && d.size == size && Objects.equals(d.symbol, symbol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, size);
    }

    @Override
    public String toString() {
        return symbol == null ? Integer.toString(size) : symbol;
    }
}

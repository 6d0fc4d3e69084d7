package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape draws for generators; every draw made of zero choices is the smallest, plainest shape. */
public final class Shapes {
    /** Largest fixed dimension the per-op generators draw. */
    public static final int MAX_DIM = 6;

    private Shapes() {
    }

    /** Rank in {@code [minRank, maxRank]}, sizes in {@code [1, maxDim]}; with a symbol, one axis is it (when rank >= 1). */
    public static Shape random(Choices c, int minRank, int maxRank, int maxDim, Dim symbol) {
        int rank = c.between(minRank, maxRank);
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            dims.add(Dim.fixed(c.between(1, maxDim)));
        }
        if (symbol != null && rank > 0) {
            dims.set(c.nextInt(rank), symbol);
        }
        return Shape.of(dims);
    }

    public static Shape random(Choices c, int minRank, int maxRank, Dim symbol) {
        return random(c, minRank, maxRank, MAX_DIM, symbol);
    }

    /** Fixed sizes in {@code [1, maxDim]}. */
    public static List<Dim> fixedDims(Choices c, int rank, int maxDim) {
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            dims.add(Dim.fixed(c.between(1, maxDim)));
        }
        return dims;
    }

    /** A shape numpy-broadcastable to {@code target}: some leading axes dropped, some axes set to 1. */
    public static Shape broadcastableTo(Choices c, Shape target) {
        int drop = c.nextInt(target.rank() + 1);
        List<Dim> dims = new ArrayList<>();
        for (int i = drop; i < target.rank(); i++) {
            dims.add(c.nextInt(3) == 2 ? Dim.fixed(1) : target.dim(i));
        }
        return Shape.of(dims);
    }

    /** A permutation of {@code 0..n-1}; the identity for zero choices. */
    public static int[] permutation(Choices c, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = i - c.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * A shape with the same element count for every value of the symbol: the prime factors of the
     * fixed sizes regrouped into 0 to 3 axes, the symbolic axis (if any) kept and placed anywhere.
     */
    public static Shape regroup(Choices c, Shape shape) {
        List<Integer> primes = new ArrayList<>();
        int n = (int) shape.fixedProduct();
        for (int p = 2; n > 1; p++) {
            while (n % p == 0) {
                primes.add(p);
                n /= p;
            }
        }
        int rank = c.between(primes.isEmpty() ? 0 : 1, 3);
        int[] sizes = new int[rank];
        Arrays.fill(sizes, 1);
        for (int p : primes) {
            sizes[c.nextInt(rank)] *= p;
        }
        List<Dim> dims = new ArrayList<>();
        for (int s : sizes) {
            dims.add(Dim.fixed(s));
        }
        for (Dim d : shape.symbols()) {
            for (int k = 0; k < shape.symbolCounts().get(d.symbol()); k++) {
                dims.add(c.nextInt(dims.size() + 1), d);
            }
        }
        return Shape.of(dims);
    }

    /** Index of an axis whose size is fixed and at least {@code minSize}, or -1. */
    public static int fixedAxis(Choices c, Shape shape, int minSize) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < shape.rank(); i++) {
            if (!shape.dim(i).isSymbolic() && shape.dim(i).max() >= minSize) {
                axes.add(i);
            }
        }
        return axes.isEmpty() ? -1 : c.pick(axes);
    }

    /** {@code axis} or, on a coin flip, the same axis counted from the end. */
    public static int maybeNegative(Choices c, int axis, int rank) {
        return c.nextBoolean() ? axis - rank : axis;
    }
}

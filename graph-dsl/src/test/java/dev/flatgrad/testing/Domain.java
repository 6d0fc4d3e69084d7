package dev.flatgrad.testing;

import dev.flatgrad.dsl.DType;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Where the values of a generated leaf come from. Domains keep gradient checks away from the
 * places where finite differences lie: log and sqrt near 0, relu at 0, ties in max. Every
 * property a domain promises also holds for any subset of its values, so it survives restricting
 * a leaf to a smaller size of a symbolic dimension.
 */
public final class Domain {
    private interface Sampler {
        double[] sample(int n, RandomGenerator random);
    }

    private final String description;
    private final DType dtype;
    private final Sampler sampler;

    private Domain(String description, DType dtype, Sampler sampler) {
        this.description = description;
        this.dtype = dtype;
        this.sampler = sampler;
    }

    /** Independent uniform values in {@code [lo, hi)}. */
    public static Domain uniform(double lo, double hi) {
        return new Domain("uniform[" + lo + ", " + hi + ")", DType.F64, (n, r) -> {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = r.nextDouble(lo, hi);
            }
            return out;
        });
    }

    /** Uniform magnitudes in {@code [minAbs, maxAbs)} with random signs: away from zero (relu, divisors). */
    public static Domain signed(double minAbs, double maxAbs) {
        return new Domain("±[" + minAbs + ", " + maxAbs + ")", DType.F64, (n, r) -> {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = (r.nextBoolean() ? 1 : -1) * r.nextDouble(minAbs, maxAbs);
            }
            return out;
        });
    }

    /**
     * Values in {@code [lo, hi)} pairwise at least half of {@code (hi - lo) / n} apart, in random
     * order: no near-ties anywhere, so max and maximum stay away from their kinks.
     */
    public static Domain distinct(double lo, double hi) {
        return new Domain("distinct[" + lo + ", " + hi + ")", DType.F64, (n, r) -> spaced(n, lo, hi, r));
    }

    /** Like {@link #distinct} but also at least {@code minAbs} away from zero, with both signs. */
    public static Domain distinctSigned(double minAbs, double maxAbs) {
        double width = maxAbs - minAbs;
        return new Domain("distinct±[" + minAbs + ", " + maxAbs + ")", DType.F64, (n, r) -> {
            // spread over [-width, width), then push each value out by minAbs: gaps only grow
            double[] out = spaced(n, -width, width, r);
            for (int i = 0; i < n; i++) {
                out[i] += out[i] < 0 ? -minAbs : minAbs;
            }
            return out;
        });
    }

    /** Whole numbers in {@code [lo, hi]} as floats (operands of comparisons that build masks). */
    public static Domain wholeNumbers(int lo, int hi) {
        return new Domain("whole[" + lo + ", " + hi + "]", DType.F64, (n, r) -> {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = r.nextInt(lo, hi + 1);
            }
            return out;
        });
    }

    /** i32 ids in {@code [0, bound)}, repeats allowed. */
    public static Domain ids(int bound) {
        return new Domain("ids[0, " + bound + ")", DType.I32, (n, r) -> {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = r.nextInt(bound);
            }
            return out;
        });
    }

    /** Non-decreasing i32 ids in {@code [0, bound)}, like the segment (document) ids of a packed sequence. */
    public static Domain sortedIds(int bound) {
        return new Domain("sorted ids[0, " + bound + ")", DType.I32, (n, r) -> {
            double[] out = ids(bound).sampler.sample(n, r);
            Arrays.sort(out);
            return out;
        });
    }

    public DType dtype() {
        return dtype;
    }

    public double[] sample(int n, RandomGenerator random) {
        return sampler.sample(n, random);
    }

    private static double[] spaced(int n, double lo, double hi, RandomGenerator r) {
        double spacing = (hi - lo) / Math.max(n, 1);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo + spacing * (order[i] + 0.5 + r.nextDouble(-0.25, 0.25));
        }
        return out;
    }

    @Override
    public String toString() {
        return description;
    }
}

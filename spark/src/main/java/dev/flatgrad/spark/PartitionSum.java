package dev.flatgrad.spark;

import dev.flatgrad.dsl.DType;

/**
 * Vectors from the partitions added in partition order, whatever order their tasks finished in, so a run's sums
 * do not depend on timing. In f32 each addition is rounded to float, as the single-process trainer adds its
 * micro-batches' float gradients (a double sum of two floats, rounded once, is exactly the float sum).
 */
final class PartitionSum {
    private PartitionSum() {
    }

    /** {@code sum + next} into {@code sum}; a null sum starts as a copy of {@code next}. */
    static double[] add(double[] sum, double[] next, DType precision) {
        if (sum == null) {
            return next.clone();
        }
        if (sum.length != next.length) {
            throw new IllegalArgumentException("partitions returned vectors of " + sum.length + " and " + next.length + " values");
        }
        if (precision == DType.F32) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (float) (sum[i] + next[i]);
            }
        } else {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += next[i];
            }
        }
        return sum;
    }
}

package dev.flatgrad.testing;

import dev.flatgrad.interp.NDArray;
import dev.flatgrad.ops.BroadcastTo;

/** Measures of concrete values that tell whether a check stays clear of kinks and bad domains. */
public final class ValueChecks {
    private ValueChecks() {
    }

    public static double min(NDArray a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a.data()) {
            m = Math.min(m, v);
        }
        return m;
    }

    public static double max(NDArray a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a.data()) {
            m = Math.max(m, v);
        }
        return m;
    }

    public static double minAbs(NDArray a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a.data()) {
            m = Math.min(m, Math.abs(v));
        }
        return m;
    }

    /** Largest magnitude; infinite when any value is not finite. */
    public static double maxAbs(NDArray a) {
        double m = 0;
        for (double v : a.data()) {
            m = Math.max(m, Double.isFinite(v) ? Math.abs(v) : Double.POSITIVE_INFINITY);
        }
        return m;
    }

    /** The smallest {@code |a - b|} over the numpy broadcast of the two arrays. */
    public static double minAbsDifference(NDArray a, NDArray b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = Math.max(dimFromEnd(a, rank - i), dimFromEnd(b, rank - i));
        }
        int[] sa = BroadcastTo.broadcastStrides(a.shape(), out);
        int[] sb = BroadcastTo.broadcastStrides(b.shape(), out);
        int[] strides = NDArray.strides(out);
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < NDArray.size(out); i++) {
            int ia = 0;
            int ib = 0;
            for (int k = 0; k < rank; k++) {
                int idx = (i / strides[k]) % out[k];
                ia += idx * sa[k];
                ib += idx * sb[k];
            }
            m = Math.min(m, Math.abs(a.get(ia) - b.get(ib)));
        }
        return m;
    }

    /** Over every slice along {@code axis}, the smallest gap between the largest and second-largest value. */
    public static double minTopTwoGap(NDArray x, int axis) {
        int[] shape = x.shape();
        int outer = NDArray.product(shape, 0, axis);
        int inner = NDArray.product(shape, axis + 1, shape.length);
        int n = shape[axis];
        double gap = Double.POSITIVE_INFINITY;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double first = Double.NEGATIVE_INFINITY;
                double second = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    double v = x.get((o * n + k) * inner + i);
                    if (v > first) {
                        second = first;
                        first = v;
                    } else if (v > second) {
                        second = v;
                    }
                }
                gap = Math.min(gap, first - second);
            }
        }
        return gap;
    }

    private static int dimFromEnd(NDArray a, int k) {
        return k <= a.rank() ? a.dim(a.rank() - k) : 1;
    }
}

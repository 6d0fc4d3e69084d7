package dev.flatgrad.examples.microgpt;

/**
 * Trailing means: at index i the mean of the last {@code window} values up to i (fewer at the start), over the
 * finite ones only, so the step where a run diverged does not turn the rest of the curve into NaN. NaN where a
 * window holds no finite value.
 */
final class MovingMean {
    private MovingMean() {
    }

    static double[] trailing(double[] values, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the window must hold at least one value, got " + window);
        }
        double[] means = new double[values.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                sum += values[i];
                count++;
            }
            int leaving = i - window;
            if (leaving >= 0 && Double.isFinite(values[leaving])) {
                sum -= values[leaving];
                count--;
            }
            if (count == 0) {
                sum = 0; // no rounding residue survives an all-NaN window
            }
            means[i] = count == 0 ? Double.NaN : sum / count;
        }
        return means;
    }
}

package dev.flatgrad.examples.bench;

import java.util.Locale;

/**
 * One point of the benchmark grid: a configuration and JMH's mean microseconds per training step with the half
 * width of its 99.9% confidence interval.
 */
record GridPoint(int nEmbd, String dtype, int batch, int threads, double microsPerStep, double errorPerStep) {
    GridPoint {
        if (nEmbd < 1 || batch < 1 || threads < 1) {
            throw new IllegalArgumentException("width, batch and threads must be positive: d" + nEmbd + ", batch "
                    + batch + ", " + threads + " thread(s)");
        }
    }

    /** Microseconds per document: a step trains {@code batch} documents. */
    double microsPerDocument() {
        return microsPerStep / batch;
    }

    /** The line this point belongs to, e.g. {@code f32, batch 16, 2 threads}. */
    String line() {
        return String.format(Locale.ROOT, "%s, batch %d, %d thread%s", dtype, batch, threads, threads == 1 ? "" : "s");
    }
}

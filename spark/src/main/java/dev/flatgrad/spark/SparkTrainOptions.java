package dev.flatgrad.spark;

import java.util.Objects;

/**
 * How a run uses Spark: partitions per step, the mode, the steps between averages (average mode; 1 in sync mode)
 * and how params reach the tasks.
 */
public record SparkTrainOptions(int partitions, Mode mode, int averageEvery, Transport transport) {
    public SparkTrainOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(transport, "transport");
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        if (averageEvery < 1) {
            throw new IllegalArgumentException("--average-every must be at least 1, got " + averageEvery);
        }
        if (mode == Mode.SYNC && averageEvery != 1) {
            throw new IllegalArgumentException("--average-every applies to --mode average only");
        }
    }

    /** Synchronous steps, params in the tasks' closure. */
    public static SparkTrainOptions sync(int partitions) {
        return new SparkTrainOptions(partitions, Mode.SYNC, 1, Transport.CLOSURE);
    }

    /** Parameter averaging every {@code every} steps. */
    public static SparkTrainOptions average(int partitions, int every) {
        return new SparkTrainOptions(partitions, Mode.AVERAGE, every, Transport.CLOSURE);
    }

    public SparkTrainOptions withTransport(Transport t) {
        return new SparkTrainOptions(partitions, mode, averageEvery, t);
    }
}

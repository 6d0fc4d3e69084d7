package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;

/**
 * How to train: the number of steps (the learning rate decays linearly to zero over them, as in
 * microgpt.py), the base learning rate, documents per step, the seed of the Python-compatible RNG
 * (data shuffle, initial weights, sampling), the float precision and the numerics (exact or fast).
 */
public record TrainOptions(int steps, double learningRate, int batch, long seed, DType precision, Numerics numerics) {
    /** microgpt.py's settings: 1000 steps, lr 0.01, one document per step, seed 42, f64, exact. */
    public static final TrainOptions MICROGPT = new TrainOptions(1000, 0.01, 1, 42, DType.F64);

    /** Exact numerics. */
    public TrainOptions(int steps, double learningRate, int batch, long seed, DType precision) {
        this(steps, learningRate, batch, seed, precision, Numerics.EXACT);
    }

    public TrainOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (!precision.isFloating()) {
            throw new IllegalArgumentException("--dtype must be f32 or f64, got " + precision);
        }
        java.util.Objects.requireNonNull(numerics, "numerics");
    }

    /** microgpt.py's linear decay: {@code lr * (1 - step / steps)} for the 0-based step. */
    public double learningRateAt(int step) {
        return learningRate * (1 - (double) step / steps);
    }
}

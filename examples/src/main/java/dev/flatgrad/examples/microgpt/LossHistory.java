package dev.flatgrad.examples.microgpt;

import java.util.Arrays;

/**
 * The losses of consecutive training steps, from a first step on (1-based, as the step lines count them); a
 * run adds one per step. A resumed run starts with the losses its checkpoint kept, so its history reaches
 * back as far as they do.
 */
final class LossHistory {
    private final int firstStep;
    private double[] values;
    private int size;

    /** An empty history whose first loss will be that of step {@code firstStep}. */
    LossHistory(int firstStep) {
        this(firstStep, new double[0]);
    }

    private LossHistory(int firstStep, double[] losses) {
        if (firstStep < 1) {
            throw new IllegalArgumentException("steps count from 1, got " + firstStep);
        }
        this.firstStep = firstStep;
        this.values = Arrays.copyOf(losses, Math.max(16, losses.length));
        this.size = losses.length;
    }

    /** The losses of the last {@code losses.length} steps up to {@code step}, continued from there. */
    static LossHistory upTo(int step, double[] losses) {
        return new LossHistory(step - losses.length + 1, losses);
    }

    void add(double loss) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = loss;
    }

    /** The step of the first loss. */
    int firstStep() {
        return firstStep;
    }

    /** The step of the last loss (one before {@link #firstStep()} while empty). */
    int lastStep() {
        return firstStep + size - 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The i-th loss, that of step {@code firstStep() + i}. */
    double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("loss " + i + " of " + size);
        }
        return values[i];
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}

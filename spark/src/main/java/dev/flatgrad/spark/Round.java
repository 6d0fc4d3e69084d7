package dev.flatgrad.spark;

/**
 * Steps trained in one round trip to the executors: the first step's number (0-based), the batch loss of each
 * step, and, when training diverged, what was not finite (then the driver's state is that before the round).
 */
public record Round(int firstStep, double[] losses, String divergence) {
    public boolean diverged() {
        return divergence != null;
    }
}

package dev.flatgrad.spark;

/** Training produced a non-finite loss, gradient or param; the driver's state is left at the last finite step. */
public final class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}

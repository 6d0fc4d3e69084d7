package dev.flatgrad.codegen;

/**
 * A program that cannot be built as asked: a tensor larger than a Java array can hold, buffers that
 * will not fit in this JVM's heap, or a graph too large for the class-file format. Raised before any
 * large allocation or lengthy compile, with the numbers and what to change.
 */
public final class ProgramTooLargeException extends IllegalArgumentException {
    public ProgramTooLargeException(String message) {
        super(message);
    }
}

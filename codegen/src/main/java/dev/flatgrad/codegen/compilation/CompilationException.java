package dev.flatgrad.codegen.compilation;

/**
 * Generated source failed to compile: a flatgrad bug. The message says where the numbered source
 * was written and quotes the failing line.
 */
public class CompilationException extends RuntimeException {
    public CompilationException(String message, Throwable cause) {
        super(message, cause);
    }
}

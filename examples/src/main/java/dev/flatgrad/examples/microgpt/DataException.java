package dev.flatgrad.examples.microgpt;

/**
 * A problem with the training data that the user can fix: a missing, unreadable, empty or
 * non-UTF-8 data file. The message is written for the user (it names the file and the problem);
 * the CLI prints it without a stack trace and exits with code 2.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}

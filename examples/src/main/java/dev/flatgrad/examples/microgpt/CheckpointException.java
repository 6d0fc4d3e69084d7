package dev.flatgrad.examples.microgpt;

/**
 * A checkpoint could not be written, read, restored or used: the message says which file (when
 * there is one) and what is wrong, e.g. not a checkpoint, unsupported version, truncated, corrupted
 * (checksum mismatch), inconsistent contents, or trained with a different configuration.
 */
public class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

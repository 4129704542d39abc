package dev.nn.checkpoint;

/**
 * A checkpoint that cannot be used, or a resume that is refused (the spec or the data changed); {@link #getMessage()}
 * is the whole user-facing message, naming the file.
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }
}

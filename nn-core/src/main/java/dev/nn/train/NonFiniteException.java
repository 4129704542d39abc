package dev.nn.train;

/**
 * Training produced NaN or infinity; the message names the epoch, the batch, what went non-finite first and a hint.
 */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteException(String message) {
        super(message);
    }
}

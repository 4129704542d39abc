package dev.nn.model;

/**
 * A spec that cannot be used as a trained model (an untrained layer, feature names that do not fit the network):
 * input the user can fix. {@link #getMessage()} is the whole one-line message, naming the file.
 */
public final class UnusableModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnusableModelException(String message) {
        super(message);
    }
}

package dev.nn.cli.support;

/** Input the user can fix (a missing file, an unwritable output path): reported in one line with exit code 2. */
public final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

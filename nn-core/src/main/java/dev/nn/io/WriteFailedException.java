package dev.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that could not be written (a full disk, an I/O error, a folder where the file should be), with a message
 * that says all a user needs: {@code cannot write model.yaml: No space left on device (the old model.yaml is
 * unchanged)}. Its cause is the operating system's error.
 */
public final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path target;

    public WriteFailedException(Path target, String message, IOException cause) {
        super(message, cause);
        this.target = Objects.requireNonNull(target, "target is null");
    }

    /** The file as the caller named it. */
    public Path target() {
        return target;
    }
}

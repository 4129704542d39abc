package dev.nn.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DataSource} needs besides its parameters.
 *
 * @param baseDirectory the folder relative paths are resolved against (the spec file's folder)
 * @param classNames the classes established by the training set, in target-column order, so that validation and
 *     test sets one-hot encode the same way; empty when reading the training set itself or for regression
 */
public record DataContext(Path baseDirectory, List<String> classNames) {
    public DataContext {
        Objects.requireNonNull(baseDirectory, "baseDirectory is null");
        classNames = List.copyOf(classNames);
    }

    /** {@code path} resolved against {@link #baseDirectory()} unless it is absolute. */
    public Path resolve(String path) {
        return baseDirectory.resolve(path);
    }
}

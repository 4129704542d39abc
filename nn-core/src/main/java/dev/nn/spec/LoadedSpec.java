package dev.nn.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A spec read from a file, with what is needed to place later problems in that file.
 *
 * @param file the file
 * @param displayName how to name the file in messages (as the user wrote it)
 * @param spec the bound spec
 * @param locator positions by key path
 */
public record LoadedSpec(Path file, String displayName, ModelSpec spec, SpecLocator locator) {
    public LoadedSpec {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(displayName, "displayName is null");
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(locator, "locator is null");
    }

    /** A problem at {@code path}, placed at that key's position (or its nearest enclosing key's). */
    public SpecProblem problem(String path, String message) {
        return locator.find(path)
                .map(e -> new SpecProblem(displayName, e.line(), e.column(), path, message))
                .orElseGet(() -> new SpecProblem(displayName, 0, 0, path, message));
    }

    /** What the file has at {@code path}, e.g. {@code the number 4.7}, or {@code nothing} when it is absent. */
    public String found(String path) {
        return locator.exact(path).filter(e -> !e.description().startsWith("the key"))
                .map(SpecLocator.Entry::description).orElse("nothing");
    }

    /** The folder relative paths in the spec are resolved against. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}

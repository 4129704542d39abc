package dev.nn.spec;

import java.nio.file.Path;

/**
 * Reads saved models kept in a file that is not YAML text, for {@link SpecLoader#load}: the one-file model format
 * ({@code .nn}, package {@code dev.nn.modelfile}), whose spec is YAML inside it and whose values are tensors beside
 * it. The implementation is found with {@link java.util.ServiceLoader} on this package's class loader, so that the
 * spec package does not depend on the format's (which depends on it to write models).
 */
public interface ModelFileReader {
    /** Whether {@code file} is in this reader's form, judged by its first bytes; false when it cannot be read. */
    boolean recognizes(Path file);

    /**
     * Reads {@code file}: its spec through {@code loader}'s {@link SpecLoader#parse(Path, String, byte[])}, named
     * {@code displayName!<entry>} in messages, and its values into the layers, as a YAML saved model holds them.
     *
     * @return the spec, its {@link LoadedSpec#valuesFrom()} naming where the values came from
     * @throws SpecException naming the file for every problem, an unusable file included
     */
    LoadedSpec read(Path file, String displayName, SpecLoader loader);
}

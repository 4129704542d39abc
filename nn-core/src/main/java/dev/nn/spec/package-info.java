/**
 * The YAML model spec, version 1: the records it binds to, the strict loader, and errors that point into the file.
 *
 * <p>{@link dev.nn.spec.SpecLoader} reads a file with Jackson's YAML support, configured to refuse what it would
 * otherwise guess (unknown keys, duplicate keys, numbers given as strings, fractions for whole numbers), and
 * reports every problem as a {@link dev.nn.spec.SpecProblem}: file, line, column, key path, what was expected and
 * what was found. {@link dev.nn.spec.SpecLocator} maps a key path back to its position for problems found after
 * binding (shapes, names). {@link dev.nn.spec.ModelIntegrity} seals a saved model with the SHA-256 of its bytes, which
 * the loader checks before it reads anything else. A saved model in the one-file format ({@code .nn}) is read through
 * a {@link dev.nn.spec.ModelFileReader}, which that format's package implements and {@link java.util.ServiceLoader}
 * finds, so that this package does not depend on it. {@link dev.nn.spec.SpecWriter} writes a spec with a
 * {@link dev.nn.network.Network}'s values; the package knows nothing of how a model is assembled
 * ({@code dev.nn.model}).
 */
package dev.nn.spec;

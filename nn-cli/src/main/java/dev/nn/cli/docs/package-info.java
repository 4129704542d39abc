/**
 * The command-line reference, {@code docs/cli.md}, generated from picocli's model of the commands
 * ({@link dev.nn.cli.docs.CommandLineReference}), so that the documented options cannot drift from the real ones.
 * Nothing in the command line depends on this package.
 */
package dev.nn.cli.docs;

/**
 * The {@code nn} command line: {@link dev.nn.cli.Main} parses the arguments with picocli, builds the platform's one
 * Guice injector ({@link dev.nn.cli.support.Platform}) and runs a command from {@link dev.nn.cli.commands}; failures
 * become one clear message and an exit code ({@link dev.nn.cli.ErrorReporter}, {@link dev.nn.cli.OutOfMemory});
 * standard output is checked ({@link dev.nn.cli.CheckedOutput}), so a write that failed is an error. This package is
 * the top of the command line: it wires the commands, and neither {@code dev.nn.cli.commands} nor
 * {@code dev.nn.cli.output} depends on it (what they share is in {@code dev.nn.cli.support}).
 */
package dev.nn.cli;

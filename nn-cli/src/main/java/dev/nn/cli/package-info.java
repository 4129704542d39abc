/**
 * The {@code nn} command line: {@link dev.nn.cli.Main} parses the arguments with picocli, builds the platform's one
 * Guice injector ({@link dev.nn.cli.Platform}) and runs a command from {@link dev.nn.cli.commands}; failures become
 * one clear message and an exit code ({@link dev.nn.cli.ErrorReporter}). Before any work each command hands its
 * inputs and outputs to {@link dev.nn.cli.CommandFiles}, which refuses an output that would destroy an input or
 * another output; standard output is checked ({@link dev.nn.cli.CheckedOutput}), so a write that failed is an error.
 * SIGINT, SIGTERM and SIGHUP become a stop or a quit with exit code 130 ({@link dev.nn.cli.StopSignals}).
 */
package dev.nn.cli;

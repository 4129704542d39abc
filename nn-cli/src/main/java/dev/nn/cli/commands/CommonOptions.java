package dev.nn.cli.commands;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces and extra detail on errors.")
    boolean verbose;
}

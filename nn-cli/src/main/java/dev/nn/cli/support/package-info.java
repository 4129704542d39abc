/**
 * What every command shares, below the commands and the entry point: {@link dev.nn.cli.support.ExitCodes};
 * {@link dev.nn.cli.support.UserInputException} (bad input: one message line, exit code 2);
 * {@link dev.nn.cli.support.CommandFiles}, to which each command hands its inputs and outputs before any work and
 * which refuses an output that would destroy an input or another output ({@link dev.nn.cli.support.OutputFiles});
 * {@link dev.nn.cli.support.Platform}, the platform's one Guice injector; {@link dev.nn.cli.support.StopSignals}
 * (SIGINT, SIGTERM and SIGHUP become a stop or a quit with exit code 130); {@link dev.nn.cli.support.StackTraces}
 * and {@link dev.nn.cli.support.VersionInfo}.
 */
package dev.nn.cli.support;

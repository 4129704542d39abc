package dev.nn.cli.support;

/** The exit codes of every command. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A failure while running: a check that did not pass, an I/O error, a bug. */
    public static final int FAILURE = 1;
    /** Bad usage, a bad spec or bad data: the user can fix the input. */
    public static final int BAD_INPUT = 2;
    /** Interrupted (Ctrl-C or SIGTERM) after saving what was asked for. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}

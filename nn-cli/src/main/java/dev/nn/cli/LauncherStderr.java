package dev.nn.cli;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher's stderr filter: for the commands that compute, {@code bin/nn} runs the JVM with its stderr going
 * through a pipe to a process that drops the JVM's incubator-module warning and copies the rest, and names that
 * process in {@value #PROPERTY}. The JVM outlives nothing it said: at exit it closes its stderr, so that the filter
 * reads the end of the pipe, and waits (at most {@value #WAIT_SECONDS} s) for the filter to end, so that every
 * message is out before nn's exit status is, whatever ends the process (a return, a signal, {@code System.exit}).
 */
final class LauncherStderr {
    /** The system property holding the filter's process id. */
    static final String PROPERTY = "nn.stderr.filter";
    static final int WAIT_SECONDS = 2;

    private LauncherStderr() {
    }

    /** When the launcher named a filter, makes the JVM's exit wait for it, after flushing {@code err}. */
    static void awaitAtExit(PrintWriter err) {
        String filter = System.getProperty(PROPERTY);
        if (filter == null || filter.isEmpty() || !filter.chars().allMatch(Character::isDigit)) {
            return;
        }
        long pid = Long.parseLong(filter);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.flush();
            System.err.close(); // fd 2 becomes /dev/null: the filter sees the end of its pipe
            ProcessHandle.of(pid).ifPresent(process -> {
                try {
                    process.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // Still copying (a reader that does not keep up): exit anyway.
                }
            });
        }, "nn-await-stderr-filter"));
    }
}

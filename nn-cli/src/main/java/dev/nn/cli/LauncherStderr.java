package dev.nn.cli;

import dev.nn.plugins.ExitWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The launcher's stderr filter: for the commands that compute, {@code bin/nn} runs the JVM with its stderr going
 * through a pipe to a child process that drops the JVM's incubator-module warning and copies the rest, and names that
 * process in {@value #PROPERTY}. The JVM outlives nothing it said: at exit it closes its stderr, so that the filter
 * reads the end of the pipe, and waits (at most {@value #WAIT_MILLIS} ms) for the filter to end, so that every
 * message is out before nn's exit status is, whatever ends the process (a return, a signal, {@code System.exit}).
 *
 * <p>On Linux the wait watches {@code /proc/PID/stat} until the filter is a zombie (it stays one until this process,
 * its parent, exits), which costs far less at exit than starting {@link ProcessHandle}'s machinery; elsewhere it
 * uses {@link ProcessHandle#onExit()}.
 */
final class LauncherStderr {
    /** The system property holding the filter's process id. */
    static final String PROPERTY = "nn.stderr.filter";
    static final int WAIT_MILLIS = 2000;
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private LauncherStderr() {
    }

    /** When the launcher named a filter, makes the JVM's exit wait for it, after flushing {@code err}. */
    static void awaitAtExit(PrintWriter err) {
        String filter = System.getProperty(PROPERTY);
        if (filter == null || filter.isEmpty() || !filter.chars().allMatch(Character::isDigit)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ExitWatch.reportNow(); // before stderr closes: the report of an exit a plugin made
            err.flush();
            System.err.close(); // fd 2 becomes /dev/null: the filter sees the end of its pipe
            await(filter);
        }, "nn-await-stderr-filter"));
    }

    private static void await(String pid) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        Path stat = Path.of("/proc", pid, "stat");
        String self;
        try {
            self = Files.readSymbolicLink(Path.of("/proc/self")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            awaitWithProcessHandle(Long.parseLong(pid)); // no /proc
            return;
        }
        while (System.nanoTime() < deadline) {
            String[] fields;
            try {
                String text = Files.readString(stat, StandardCharsets.US_ASCII);
                // pid (command) state ppid ...: the command may hold spaces and parentheses
                fields = text.substring(text.lastIndexOf(')') + 2).split(" ", 3);
            } catch (IOException | RuntimeException e) {
                return; // gone
            }
            if (fields[0].equals("Z") || fields[0].equals("X") || !fields[1].equals(self)) {
                return; // ended, or not our child (not the filter)
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static void awaitWithProcessHandle(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Still copying (a reader that does not keep up): exit anyway.
            }
        });
    }
}

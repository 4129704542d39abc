package dev.nn.cli;

import dev.nn.cli.support.ExitCodes;
import static java.util.Objects.requireNonNull;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;

/**
 * A stream that remembers its first failure, for standard output: a {@link PrintWriter} swallows write errors, so a
 * command printing to a full disk or {@code /dev/full} would otherwise exit 0 with its output cut. {@link #check}
 * turns a failure into {@code error: cannot write to standard output: No space left on device} and exit code 1.
 *
 * <p>A reader that closes the pipe ({@code nn predict ... | head -1}) is not a failure: it has read what it wanted.
 * From then on the output is dropped, the command finishes what it does (a model being saved is saved) and the exit
 * code is its own, 0 on success, with nothing said: as {@code seq 1000000 | head -1} under {@code set -o pipefail}
 * would, were it not killed by SIGPIPE (141), which a JVM cannot be, and which would fail such a pipeline.
 */
public final class CheckedOutput extends FilterOutputStream {
    private IOException failure;
    private volatile boolean readerGone;

    public CheckedOutput(OutputStream out) {
        super(requireNonNull(out, "out is null"));
    }

    @Override
    public void write(int b) throws IOException {
        if (readerGone) {
            return;
        }
        try {
            out.write(b);
        } catch (IOException e) {
            remember(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (readerGone) {
            return;
        }
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        if (readerGone) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            remember(e);
        }
    }

    /** Drops the output from now on when the reader is gone; else remembers the failure and throws it. */
    private void remember(IOException e) throws IOException {
        if (failure == null && closedPipe(e)) {
            readerGone = true;
            return;
        }
        if (failure == null) {
            failure = e;
        }
        throw e;
    }

    /** Whether {@code e} says the pipe's reader closed it: EPIPE on Linux and macOS, its Windows counterpart. */
    static boolean closedPipe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return message.contains("broken pipe") || message.contains("pipe is being closed");
    }

    /** Whether the reader closed the pipe, so the output is dropped. */
    public boolean readerGone() {
        return readerGone;
    }

    /**
     * Flushes {@code writer} (which writes to this stream) and returns {@code code}, or, when a write to standard
     * output failed, prints the failure on {@code err} and returns {@link ExitCodes#FAILURE} in place of success.
     */
    public int check(int code, PrintWriter writer, PrintWriter err) {
        writer.flush();
        if (failure == null && (readerGone || !writer.checkError())) {
            return code;
        }
        String reason = failure == null ? null : failure instanceof FileSystemException system
                && system.getReason() != null ? system.getReason() : failure.getMessage();
        err.println("error: cannot write to standard output" + (reason == null ? "" : ": " + reason));
        err.flush();
        return code == ExitCodes.OK ? ExitCodes.FAILURE : code;
    }
}

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
 */
public final class CheckedOutput extends FilterOutputStream {
    private IOException failure;

    public CheckedOutput(OutputStream out) {
        super(requireNonNull(out, "out is null"));
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /**
     * Flushes {@code writer} (which writes to this stream) and returns {@code code}, or, when a write to standard
     * output failed, prints the failure on {@code err} and returns {@link ExitCodes#FAILURE} in place of success.
     */
    public int check(int code, PrintWriter writer, PrintWriter err) {
        writer.flush();
        if (!writer.checkError() && failure == null) {
            return code;
        }
        String reason = failure == null ? null : failure instanceof FileSystemException system
                && system.getReason() != null ? system.getReason() : failure.getMessage();
        err.println("error: cannot write to standard output" + (reason == null ? "" : ": " + reason));
        err.flush();
        return code == ExitCodes.OK ? ExitCodes.FAILURE : code;
    }
}

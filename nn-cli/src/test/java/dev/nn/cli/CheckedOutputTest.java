package dev.nn.cli;

import dev.nn.cli.support.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class CheckedOutputTest {
    /** A disk that takes {@code room} bytes, then fails as Linux does when it is full. */
    private static final class FullDisk extends OutputStream {
        private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private final int room;

        FullDisk(int room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            if (taken.size() >= room) {
                throw new IOException("No space left on device");
            }
            taken.write(b);
        }
    }

    @Test
    void aFailedWriteTurnsSuccessIntoAFailureNamingStandardOutputAndTheReason() {
        CheckedOutput stdout = new CheckedOutput(new FullDisk(100));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        StringWriter errors = new StringWriter();
        for (int i = 0; i < 1000; i++) {
            out.println("0.1,0.2,0.7,virginica");
        }

        int code = stdout.check(ExitCodes.OK, out, new PrintWriter(errors));

        assertEquals(ExitCodes.FAILURE, code);
        assertEquals("error: cannot write to standard output: No space left on device\n", errors.toString());
    }

    /** A pipe whose reader takes {@code room} bytes and closes it, as {@code head -c} does. */
    private static final class ClosedPipe extends OutputStream {
        private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private final int room;
        private int attempts;

        ClosedPipe(int room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            if (taken.size() >= room) {
                attempts++;
                throw new IOException("Broken pipe");
            }
            taken.write(b);
        }
    }

    @Test
    void aReaderThatClosesThePipeEndsTheOutputQuietlyAndTheCodeStays() {
        ClosedPipe pipe = new ClosedPipe(30);
        CheckedOutput stdout = new CheckedOutput(pipe);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        StringWriter errors = new StringWriter();
        for (int i = 0; i < 1000; i++) {
            out.println("0.1,0.2,0.7,virginica");
        }

        assertEquals(ExitCodes.OK, stdout.check(ExitCodes.OK, out, new PrintWriter(errors)));
        assertEquals(ExitCodes.BAD_INPUT, stdout.check(ExitCodes.BAD_INPUT, out, new PrintWriter(errors)));
        assertEquals("", errors.toString());
        assertEquals("0.1,0.2,0.7,virginica\n0.1,0.2,", pipe.taken.toString(StandardCharsets.UTF_8)
                .replace(System.lineSeparator(), "\n"));
        assertEquals(1, pipe.attempts, "nothing is written after the pipe closed");
        assertEquals(true, stdout.readerGone());
    }

    @Test
    void aFailureOfTheLastFlushIsCaughtToo() {
        CheckedOutput stdout = new CheckedOutput(new FullDisk(10));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        out.print("more than ten bytes, still buffered");
        StringWriter errors = new StringWriter();

        assertEquals(ExitCodes.FAILURE, stdout.check(ExitCodes.OK, out, new PrintWriter(errors)));
        assertEquals("error: cannot write to standard output: No space left on device\n", errors.toString());
    }

    @Test
    void anotherExitCodeIsKeptAndNothingIsSaidWhenEveryWriteSucceeded() {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        CheckedOutput stdout = new CheckedOutput(written);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        out.print("all of it");
        StringWriter errors = new StringWriter();

        assertEquals(ExitCodes.BAD_INPUT, stdout.check(ExitCodes.BAD_INPUT, out, new PrintWriter(errors)));
        assertEquals("all of it", written.toString(StandardCharsets.UTF_8));
        assertEquals("", errors.toString());
        CheckedOutput full = new CheckedOutput(new FullDisk(0));
        PrintWriter cut = new PrintWriter(new OutputStreamWriter(full, StandardCharsets.UTF_8), true);
        cut.println("x");
        assertEquals(ExitCodes.INTERRUPTED, full.check(ExitCodes.INTERRUPTED, cut, new PrintWriter(errors)));
    }
}

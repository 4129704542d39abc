package dev.nn.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileWithContentHasNoProblem() throws IOException {
        Path file = Files.write(dir.resolve("idx"), new byte[] {0, 0, 8, 3});

        assertEquals(Optional.empty(), InputFiles.problem(file));
        assertEquals(Optional.empty(), InputFiles.problem(Files.createFile(dir.resolve("empty"))));
    }

    @Test
    void aFileOfNulBytesIsDescribedAsSuch() throws IOException {
        Path file = Files.write(dir.resolve("zeros.csv"), new byte[20_000]);

        assertEquals(Optional.of("holds only NUL bytes (20000 bytes); expected text or data (was it never written, "
                + "or cut off by a crash?)"), InputFiles.problem(file));
    }

    @Test
    void missingFilesFoldersAndDevicesAreNamedForWhatTheyAre() {
        assertEquals(Optional.of("no such file"), InputFiles.problem(dir.resolve("none")));
        assertEquals(Optional.of("is a directory; expected a file"), InputFiles.problem(dir));
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        assertEquals(Optional.of("is a character device; expected a regular file"),
                InputFiles.problem(Path.of("/dev/zero")));
        assertEquals(Optional.of("is a character device; expected a regular file"),
                InputFiles.problem(Path.of("/dev/null")));
    }

    @Test
    void symbolicLinkLoopsAndLinksToNothingAreNamed() throws IOException {
        Path loop = dir.resolve("loop.csv");
        Files.createSymbolicLink(loop, loop.getFileName());
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        Path dangling = dir.resolve("dangling");
        Files.createSymbolicLink(dangling, Path.of("gone.csv"));

        assertEquals(Optional.of("is a symbolic link loop"), InputFiles.problem(loop));
        assertEquals(Optional.of("is a symbolic link loop"), InputFiles.problem(a));
        assertEquals(Optional.of("is a symbolic link to " + dir.resolve("gone.csv") + ", which does not exist"),
                InputFiles.problem(dangling));
    }

    @Test
    void aFifoIsDescribedWithoutOpeningIt() throws IOException, InterruptedException {
        Path fifo = dir.resolve("pipe.csv");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);

        // Opening a FIFO nobody writes to would block this test forever; describing it must not.
        assertEquals(Optional.of("is a FIFO (named pipe); expected a regular file"), InputFiles.problem(fifo));
    }
}

package dev.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AtomicFilesTest {
    @TempDir
    Path folder;

    @Test
    void writesTheBytesToANewFile() throws IOException {
        Path target = folder.resolve("model.yaml");

        AtomicFiles.write(target, "input: 2\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("input: 2\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void writesWhatTheContentCallbackWritesAndCreatesMissingFolders() throws IOException {
        Path target = folder.resolve("a/b/metrics.jsonl");

        AtomicFiles.write(target, out -> {
            out.write("{\"epoch\": 1}\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"epoch\": 2}\n".getBytes(StandardCharsets.UTF_8));
        });

        assertEquals("{\"epoch\": 1}\n{\"epoch\": 2}\n", Files.readString(target));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old content that is longer than the new\n");

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void aWriteDeletesTheTemporaryFilesThatEndedProcessesLeftForTheSameTarget() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long live = ProcessHandle.current().pid();
        Path stale = Files.writeString(folder.resolve(".model.yaml." + ended.pid() + "-123456789.tmp"), "part");
        Path ofALiveWriter = Files.writeString(folder.resolve(".model.yaml." + live + "-42.tmp"), "part");
        Path ofAnotherTarget = Files.writeString(folder.resolve(".other.yaml." + ended.pid() + "-7.tmp"), "part");
        Path notOurs = Files.writeString(folder.resolve(".model.yaml.backup.tmp"), "keep");
        Path target = folder.resolve("model.yaml");

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of(ofALiveWriter, notOurs, target, ofAnotherTarget).stream().sorted().toList(),
                entries(folder).stream().sorted().toList());
        assertFalse(Files.exists(stale));
    }

    @Test
    void onlyTemporaryFileNamesOfTheTargetWithAnEndedProcessAreStale() {
        String prefix = ".model.yaml.";
        long live = ProcessHandle.current().pid();

        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml." + live + "-1.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.-1.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.12-.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.12-x.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.99999999999999999999-1.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess("model.yaml", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.123456.tmp", prefix));
    }

    @Test
    void aContentFailureMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");
        IOException failure = new IOException("disk full");

        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void aRuntimeFailureMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("serialisation failed");
        }));

        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void aFailureWithoutAnOldFileLeavesNothing() throws IOException {
        Path target = folder.resolve("model.yaml");

        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("failed");
        }));

        assertFalse(Files.exists(target));
        assertEquals(List.of(), entries(folder));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");
        Set<PosixFilePermission> readableByAll = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(target, readableByAll);

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(readableByAll, Files.getPosixFilePermissions(target));
    }

    @Test
    void aNewFileGetsTheUsualPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path usual = Files.writeString(folder.resolve("usual.txt"), "x");
        Path target = folder.resolve("model.yaml");

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(target));
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsReplaced() throws IOException {
        Path real = Files.writeString(Files.createDirectory(folder.resolve("models")).resolve("model.yaml"), "old\n");
        Path link = Files.createSymbolicLink(folder.resolve("current.yaml"), Path.of("models/model.yaml"));

        AtomicFiles.write(link, "new\n".getBytes(StandardCharsets.UTF_8));

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("models/model.yaml"), Files.readSymbolicLink(link));
        assertEquals("new\n", Files.readString(real));
        assertEquals(List.of(real), entries(real.getParent()));
    }

    @Test
    void aChainOfLinksIsFollowedToTheEndAndADanglingLinkWritesThePathItNames() throws IOException {
        Path first = Files.createSymbolicLink(folder.resolve("a.yaml"), Path.of("b.yaml"));
        Files.createSymbolicLink(folder.resolve("b.yaml"), Path.of("sub/c.yaml"));

        AtomicFiles.write(first, "new\n".getBytes(StandardCharsets.UTF_8));

        assertTrue(Files.isSymbolicLink(first));
        assertTrue(Files.isSymbolicLink(folder.resolve("b.yaml")));
        assertEquals("new\n", Files.readString(folder.resolve("sub/c.yaml")));
    }

    @Test
    void aLoopOfLinksFailsNamingTheTarget() throws IOException {
        Path first = Files.createSymbolicLink(folder.resolve("a.yaml"), Path.of("b.yaml"));
        Files.createSymbolicLink(folder.resolve("b.yaml"), Path.of("a.yaml"));

        IOException thrown = assertThrows(IOException.class,
                () -> AtomicFiles.write(first, "new\n".getBytes(StandardCharsets.UTF_8)));

        assertTrue(thrown.getMessage().contains(first.toString()), thrown.getMessage());
        assertTrue(Files.isSymbolicLink(first));
    }

    @Test
    void aFolderIsRefusedNamingIt() throws IOException {
        Path directory = Files.createDirectory(folder.resolve("model.yaml"));

        IOException thrown = assertThrows(IOException.class,
                () -> AtomicFiles.write(directory, "new\n".getBytes(StandardCharsets.UTF_8)));

        assertTrue(thrown.getMessage().contains(directory + ": is a directory"), thrown.getMessage());
        assertTrue(Files.isDirectory(directory));
    }

    @Test
    void aCharacterDeviceIsWrittenDirectlyAndStaysADevice() throws Exception {
        Path device = folder.resolve("null");
        Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "3").inheritIO().start();
        assumeTrue(mknod.waitFor() == 0 && Files.exists(device),
                "mknod c 1 3 is not allowed here (needs root and CAP_MKNOD)");

        AtomicFiles.write(device, new byte[200_000]);

        assertTrue(Files.readAttributes(device, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
        assertEquals(List.of(device), entries(folder));
    }

    @Test
    void aFullDeviceFailsNamingTheTargetAndTheReason() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "no /dev/full on this system");

        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(full, new byte[10]));

        assertEquals("cannot write /dev/full: No space left on device", thrown.getMessage());
    }

    @Test
    void aFifoIsStreamedToItsReaderWithoutATemporaryFile() throws Exception {
        Path fifo = folder.resolve("metrics.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        Process reader = new ProcessBuilder("cat", fifo.toString()).start();

        try (AtomicFiles.Output output = AtomicFiles.open(fifo)) {
            assertTrue(output.streamed());
            output.stream().write("line 1\n".getBytes(StandardCharsets.UTF_8));
            output.commit();
            output.stream().write("line 2\n".getBytes(StandardCharsets.UTF_8));
            output.flush();
            assertEquals(List.of(fifo), entries(folder));
        }

        assertEquals("line 1\nline 2\n", new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, reader.waitFor());
        assertFalse(Files.isRegularFile(fifo));
    }

    @Test
    void afterTheCommitWritesAppendInPlaceToTheSameFile() throws IOException {
        Path target = Files.writeString(folder.resolve("metrics.jsonl"), "old\n");

        try (AtomicFiles.Output output = AtomicFiles.open(target)) {
            output.stream().write("1\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("old\n", Files.readString(target));
            output.commit();
            Object inode = Files.getAttribute(target, "unix:ino");
            assertEquals("1\n", Files.readString(target));
            output.stream().write("2\n".getBytes(StandardCharsets.UTF_8));
            output.flush();
            assertEquals("1\n2\n", Files.readString(target));
            assertEquals(inode, Files.getAttribute(target, "unix:ino"));
        }
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void closingBeforeTheCommitLeavesTheOldFile() throws IOException {
        Path target = Files.writeString(folder.resolve("metrics.jsonl"), "old\n");

        try (AtomicFiles.Output output = AtomicFiles.open(target)) {
            output.stream().write("new\n".getBytes(StandardCharsets.UTF_8));
            output.flush();
            assertEquals(1, AtomicFiles.temporaryFilesInProgress().stream()
                    .filter(p -> p.getParent().equals(folder.toAbsolutePath())).count());
        }

        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
        assertTrue(AtomicFiles.temporaryFilesInProgress().stream()
                .noneMatch(p -> p.getParent().equals(folder.toAbsolutePath())));
    }

    @Test
    void anExitFromAnotherThreadDuringAWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ExitDuringWrite.class.getName(), target.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(ExitDuringWrite.EXIT_CODE, child.waitFor(), output);
        assertTrue(output.contains("writing"), output);
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}

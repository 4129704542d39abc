package dev.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is flushed, synced to
 * disk and then moved over the target. Readers, and a process killed at any moment, see either the old complete
 * file or the new complete file, never a part.
 *
 * <p>The temporary file is named {@code .TARGET.PID-RANDOM.tmp} after the writing process. A process killed while
 * writing cannot delete its own, so the next write of the same target deletes those of processes that no longer
 * run; it leaves alone any other file, and those of live processes (another writer, or a reused process id).
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".tmp";
    /** Temporary files of writes in progress, deleted if the process exits (System.exit, a signal) before them. */
    private static final java.util.Set<Path> IN_PROGRESS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_PROGRESS.forEach(temporary -> {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // Exiting: the next write of the same target deletes it.
                }
            }), "nn-delete-temporary-files"));
        } catch (IllegalStateException e) {
            // First used while the process exits already: the next write of the same target tidies up.
        }
    }

    private AtomicFiles() {
    }

    /** Writes what {@code content} writes to the stream it is given. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        String prefix = "." + absolute.getFileName() + ".";
        deleteTemporaryFilesOfEndedProcesses(directory, prefix);
        Path temporary = Files.createTempFile(directory, prefix + ProcessHandle.current().pid() + "-", SUFFIX);
        IN_PROGRESS.add(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                         1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            copyPermissions(absolute, temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
            IN_PROGRESS.remove(temporary);
        }
    }

    /** Deletes {@code PREFIX PID-RANDOM.tmp} files whose process has ended; a file it cannot delete stays. */
    private static void deleteTemporaryFilesOfEndedProcesses(Path directory, String prefix) {
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory,
                entry -> isTemporaryFileOfEndedProcess(entry.getFileName().toString(), prefix))) {
            for (Path stale : candidates) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException | RuntimeException e) {
            // Only tidying: the write itself does not depend on it.
        }
    }

    static boolean isTemporaryFileOfEndedProcess(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(SUFFIX)) {
            return false;
        }
        String middle = name.substring(prefix.length(), name.length() - SUFFIX.length());
        int dash = middle.indexOf('-');
        if (dash <= 0 || dash == middle.length() - 1 || !digits(middle.substring(0, dash))
                || !digits(middle.substring(dash + 1)) || dash > 18) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(middle.substring(0, dash))).isEmpty();
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /**
     * Gives the new file the old file's permissions, or {@code rw-r--r--} for a new file ({@code createTempFile}
     * makes it owner-only).
     */
    private static void copyPermissions(Path target, Path temporary) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(temporary, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the platform's defaults apply.
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the rename itself is already atomic.
        }
    }
}

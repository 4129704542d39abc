package dev.nn.io;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes files so that nothing the user had is ever left half-written or replaced by something else.
 *
 * <p>What is written depends on what the target is:
 * <ul>
 *   <li>a regular file, or nothing yet: the content goes to a temporary file beside it, which is flushed, synced to
 *       disk and then moved over the target. Readers, and a process killed at any moment, see either the old complete
 *       file or the new complete file, never a part. The new file keeps the old one's permissions.</li>
 *   <li>a symbolic link: the same, for the file the link leads to (through any chain of links; a link to nothing
 *       writes the path it names). The link stays a link.</li>
 *   <li>anything else that exists and is not a folder (a character or block device such as {@code /dev/null}, a
 *       FIFO, a socket, a descriptor such as {@code /dev/stdout} or {@code /dev/fd/3}): written directly, streaming,
 *       as {@code tee} does; nothing is renamed or replaced. This process's own standard output and error
 *       ({@code /dev/stdout}, {@code /dev/fd/1}, ...) are written through the descriptor itself, so what the process
 *       prints there afterwards follows the content instead of overwriting it.</li>
 * </ul>
 *
 * <p>A failure to write (a full disk, an I/O error) is a {@link WriteFailedException} whose message names the target as
 * the caller gave it and says that the old file is unchanged when it is: {@code cannot write model.yaml: No space left
 * on device (the old model.yaml is unchanged)}. The temporary file is deleted. An exception thrown by the content
 * itself is passed on as it is.
 *
 * <p>The temporary file is named {@code .TARGET.PID-RANDOM.tmp} after the writing process. While a write is in
 * progress its temporary file is recorded, and a JVM shutdown hook (registered once, by the first write) deletes
 * every such file that is still there: a {@code System.exit} from any thread (a second Ctrl-C, a plugin) during a
 * write never leaves one behind, and the target is either replaced or untouched, since the move itself is atomic.
 * Signal handling relies on this: it may exit at once without waiting for a write to finish. A process killed with
 * SIGKILL cannot delete its own, so the next write of the same target deletes those of processes that no longer run;
 * it leaves alone any other file, and those of live processes (another writer, or a reused process id).
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".tmp";
    /** As Linux's {@code MAXSYMLINKS}: more links than this in a chain is a loop. */
    private static final int MAX_LINKS = 40;
    private static final int BUFFER = 1 << 16;

    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_REGISTERED = new AtomicBoolean();

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
        try (Output output = open(target)) {
            content.writeTo(output.stream());
            output.commit();
        }
    }

    /**
     * Opens {@code target} for writing, for a caller that writes in steps (a line per epoch). Nothing is visible at
     * the target until {@link Output#commit()}; {@link Output#close()} before that leaves the target as it was.
     *
     * @throws IOException naming {@code target} when it is a folder, a loop of links, or cannot be opened
     */
    public static Output open(Path target) throws IOException {
        Destination destination = destination(target);
        return destination.streamed() ? Output.streamed(target, destination.path())
                : Output.replacing(target, destination.path());
    }

    /**
     * The file writing {@code target} changes: the end of its chain of symbolic links, as an absolute path; for a
     * descriptor ({@code /dev/stdout}), the descriptor. Two targets with the same destination write the same file.
     *
     * @throws IOException for a loop of links
     */
    public static Path resolve(Path target) throws IOException {
        return destination(target).path();
    }

    /** Whether {@code target} is written directly, streaming (a device, a FIFO, a descriptor), not replaced. */
    public static boolean isStreamed(Path target) throws IOException {
        return destination(target).streamed();
    }

    private record Destination(Path path, boolean streamed) {
    }

    private static Destination destination(Path target) throws IOException {
        Path current = target.toAbsolutePath();
        for (int links = 0; links <= MAX_LINKS; links++) {
            if (descriptor(current) != null) {
                return new Destination(current, true);
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new Destination(current, false);
            }
            if (attributes.isSymbolicLink()) {
                Path parent = current.getParent();
                Path link = Files.readSymbolicLink(current);
                current = parent == null ? link.toAbsolutePath() : parent.resolve(link);
            } else if (attributes.isDirectory()) {
                throw new WriteFailedException(target, "cannot write " + target + ": is a directory",
                        new FileSystemException(target.toString(), null, "is a directory"));
            } else {
                return new Destination(current, !attributes.isRegularFile());
            }
        }
        String loop = "too many levels of symbolic links (a loop?)";
        throw new WriteFailedException(target, "cannot write " + target + ": " + loop,
                new FileSystemException(target.toString(), null, loop));
    }

    /**
     * For {@code /proc/PID/fd/N} (what {@code /dev/fd/N}, {@code /dev/stdout} and {@code /proc/self/fd/N} lead to):
     * {@code N}, as text; else {@code null}.
     */
    private static String descriptor(Path path) {
        Path parent = path.getParent();
        Path name = path.getFileName();
        if (parent == null || name == null || !name.toString().chars().allMatch(Character::isDigit)
                || !parent.toString().contains("fd")) {
            return null;
        }
        Path real;
        try {
            real = parent.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
        boolean descriptors = real.getNameCount() == 3 && real.getName(0).toString().equals("proc")
                && real.getName(2).toString().equals("fd");
        return descriptors ? name.toString() : null;
    }

    /**
     * A file being written: a temporary file beside the target until {@link #commit()} moves it into place, or a
     * device, FIFO or descriptor written directly. After the commit further writes go on into the same file (now
     * the target), in place. Not safe for use by several threads at once.
     */
    public static final class Output implements Closeable {
        private final Path target;
        private final Path destination;
        private final Path temporary;
        private final boolean oldFileUnchangedOnFailure;
        private final FileChannel channel;
        private final OutputStream direct;
        private final byte[] buffer = new byte[BUFFER];
        private final OutputStream stream = new Stream();
        private int buffered;
        /** Bytes of the file known to be complete (flushed) after the commit: a failed append is cut back to it. */
        private long complete;
        private boolean committed;
        private boolean failed;
        private boolean closed;

        private Output(Path target, Path destination, Path temporary, boolean existed, FileChannel channel,
                       OutputStream direct) {
            this.target = target;
            this.destination = destination;
            this.temporary = temporary;
            this.oldFileUnchangedOnFailure = existed;
            this.channel = channel;
            this.direct = direct;
        }

        static Output replacing(Path target, Path destination) throws IOException {
            Path directory = destination.getParent();
            Files.createDirectories(directory);
            String prefix = "." + destination.getFileName() + ".";
            deleteTemporaryFilesOfEndedProcesses(directory, prefix);
            registerShutdownHookOnce();
            boolean existed = Files.exists(destination);
            Path temporary;
            try {
                temporary = Files.createTempFile(directory, prefix + ProcessHandle.current().pid() + "-", SUFFIX);
            } catch (IOException e) {
                throw failure(target, e, existed);
            }
            IN_PROGRESS.add(temporary);
            try {
                copyPermissions(destination, temporary);
                return new Output(target, destination, temporary, existed,
                        FileChannel.open(temporary, StandardOpenOption.WRITE), null);
            } catch (IOException e) {
                discard(temporary);
                throw failure(target, e, existed);
            } catch (RuntimeException e) {
                discard(temporary);
                throw e;
            }
        }

        static Output streamed(Path target, Path destination) throws IOException {
            String descriptor = descriptor(destination);
            Path real = descriptor == null ? null : destination.getParent().toRealPath();
            boolean ours = real != null && real.getName(1).toString().equals(
                    Long.toString(ProcessHandle.current().pid()));
            if (ours && descriptor.equals("1")) {
                return new Output(target, destination, null, false, null,
                        new FileOutputStream(FileDescriptor.out));
            }
            if (ours && descriptor.equals("2")) {
                return new Output(target, destination, null, false, null,
                        new FileOutputStream(FileDescriptor.err));
            }
            try {
                return new Output(target, destination, null, false, FileChannel.open(destination,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), null);
            } catch (IOException e) {
                throw failure(target, e, false);
            }
        }

        /** The stream to write to; buffered, so call {@link #flush()} or {@link #commit()} to pass bytes on. */
        public OutputStream stream() {
            return stream;
        }

        /** Whether the target is written directly (a device, a FIFO, a descriptor) rather than replaced. */
        public boolean streamed() {
            return temporary == null;
        }

        /**
         * Makes what was written the target's content: flushes, syncs and moves the temporary file over the target
         * (once); for a streamed target, flushes. Later writes go on into the target in place.
         */
        public void commit() throws IOException {
            flush();
            if (committed || temporary == null) {
                committed = true;
                return;
            }
            try {
                channel.force(true);
                try {
                    Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                failed = true;
                throw failure(target, e, oldFileUnchangedOnFailure);
            }
            IN_PROGRESS.remove(temporary);
            committed = true;
            complete = channel.size();
            syncDirectory(destination.getParent());
        }

        /** Passes the buffered bytes on to the operating system (no sync to disk). */
        public void flush() throws IOException {
            requireOpen();
            if (buffered == 0) {
                return;
            }
            try {
                if (channel != null) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, buffered);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                } else {
                    direct.write(buffer, 0, buffered);
                    direct.flush();
                }
                buffered = 0;
                if (committed && channel != null && temporary != null) {
                    complete = channel.position();
                }
            } catch (IOException e) {
                failed = true;
                if (committed && temporary != null) {
                    cutBackToComplete();
                }
                throw failure(target, e, oldFileUnchangedOnFailure && !committed);
            }
        }

        /** Flushes and syncs what was written to disk (nothing to sync for a streamed target). */
        public void sync() throws IOException {
            flush();
            if (channel != null && temporary != null) {
                try {
                    channel.force(true);
                } catch (IOException e) {
                    failed = true;
                    throw failure(target, e, oldFileUnchangedOnFailure && !committed);
                }
            }
        }

        /**
         * After {@link #commit()}: flushes and syncs what was written since, then closes. Before it, or after a
         * failure: closes and deletes the temporary file, leaving the target as it was. A failure to close after an
         * earlier failure is not reported again.
         */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            try {
                if (committed && !failed) {
                    sync();
                }
            } finally {
                closed = true;
                try {
                    if (channel != null) {
                        channel.close();
                    } else {
                        direct.flush();
                    }
                } catch (IOException e) {
                    if (!failed) {
                        failed = true;
                        throw failure(target, e, false);
                    }
                } finally {
                    if (temporary != null && !committed) {
                        discard(temporary);
                    }
                }
            }
        }

        private void requireOpen() throws IOException {
            if (closed) {
                throw new IOException("cannot write " + target + ": already closed");
            }
        }

        /** After a failed append to the committed file: drops the part of the failed write, so it ends whole. */
        private void cutBackToComplete() {
            try {
                channel.truncate(complete);
                channel.position(complete);
            } catch (IOException e) {
                // The file keeps the partial write; the failure is reported anyway.
            }
        }

        private void write(byte[] bytes, int offset, int length) throws IOException {
            requireOpen();
            if (failed) {
                throw new IOException("cannot write " + target + ": an earlier write failed");
            }
            while (length > 0) {
                if (buffered == buffer.length) {
                    flush();
                }
                int chunk = Math.min(length, buffer.length - buffered);
                System.arraycopy(bytes, offset, buffer, buffered, chunk);
                buffered += chunk;
                offset += chunk;
                length -= chunk;
            }
        }

        private final class Stream extends OutputStream {
            private final byte[] one = new byte[1];

            @Override
            public void write(int b) throws IOException {
                one[0] = (byte) b;
                Output.this.write(one, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
                Output.this.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                // Bytes pass on at Output.flush() or commit(): a write must not reach a half-written target early.
            }

            @Override
            public void close() {
                // Output.close() decides what closing means.
            }
        }
    }

    /** {@code cannot write TARGET: REASON}, saying the old file is unchanged when it is. */
    private static WriteFailedException failure(Path target, IOException cause, boolean oldFileUnchanged) {
        String reason = cause instanceof FileSystemException system && system.getReason() != null
                ? system.getReason() : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return new WriteFailedException(target, "cannot write " + target + ": " + reason
                + (oldFileUnchanged ? " (the old " + target + " is unchanged)" : ""), cause);
    }

    private static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // The shutdown hook or the next write of this target tries again.
            return;
        }
        IN_PROGRESS.remove(temporary);
    }

    private static void registerShutdownHookOnce() {
        if (HOOK_REGISTERED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteTemporaryFilesInProgress,
                        "delete-temporary-files"));
            } catch (IllegalStateException e) {
                // Already shutting down: a write now is the last; the next write of its target tidies up.
            }
        }
    }

    /** The shutdown hook: deletes the temporary files of writes that did not finish. */
    static void deleteTemporaryFilesInProgress() {
        for (Path temporary : IN_PROGRESS) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException | RuntimeException e) {
                // Nothing more can be done while the JVM exits.
            }
        }
        IN_PROGRESS.clear();
    }

    /** The temporary files of writes in progress (for tests). */
    static Set<Path> temporaryFilesInProgress() {
        return Set.copyOf(IN_PROGRESS);
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
            Set<PosixFilePermission> permissions = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
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

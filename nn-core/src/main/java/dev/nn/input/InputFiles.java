package dev.nn.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What an input path (a spec, a model, a data file, {@code predict --input}) is when {@code nn} cannot read it as a
 * file: missing, a folder, a FIFO, a device, a socket, a symbolic link loop or a link to nothing, or a file that
 * holds only NUL bytes. {@code nn} reads regular files only: a FIFO is refused rather than opened, because opening
 * one blocks until something writes to it, and a device such as {@code /dev/zero} never ends.
 *
 * <p>Only file metadata is read, and for a regular file its bytes up to the first one that is not NUL (the first
 * byte, for any real data file), so asking never blocks and costs nothing.
 */
public final class InputFiles {
    /** Symbolic links followed before giving up, as Linux does. */
    private static final int MAX_LINKS = 40;
    /** The most leading NUL bytes read; a larger file of NULs is described by this much. */
    private static final long MAX_NUL_SCAN = 64L * 1024 * 1024;
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private InputFiles() {
    }

    /**
     * Why {@code file} cannot be read as an input file, e.g. {@code is a FIFO (named pipe); expected a regular file}
     * or {@code holds only NUL bytes (4096 bytes)}; empty for a regular file with other content (or none: an empty
     * file is left to the format, which says what it expected).
     */
    public static Optional<String> problem(Path file) {
        Optional<String> kind = notRegular(file);
        if (kind.isPresent()) {
            return kind;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            long nuls = 0;
            for (int read; (read = in.read(buffer)) > 0; ) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != 0) {
                        return Optional.empty();
                    }
                }
                nuls += read;
                if (nuls >= MAX_NUL_SCAN) {
                    return Optional.of("begins with more than " + MAX_NUL_SCAN + " NUL bytes and nothing else; "
                            + "expected text or data (is it a disk image or a file never written?)");
                }
            }
            return nuls == 0 ? Optional.empty() : Optional.of("holds only NUL bytes (" + nuls + " bytes); expected "
                    + "text or data (was it never written, or cut off by a crash?)");
        } catch (IOException e) {
            return Optional.empty(); // the reader that opens it next says what failed
        }
    }

    /** Like {@link #problem}, but looks at metadata only: what the path is when it is not a regular file. */
    public static Optional<String> notRegular(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.of(missing(file));
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Too many levels of symbolic links")) {
                return Optional.of("is a symbolic link loop");
            }
            return Optional.of("cannot be read: " + (e.getReason() == null ? "an I/O error" : e.getReason()));
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
        if (attributes.isRegularFile()) {
            return Optional.empty();
        }
        if (attributes.isDirectory()) {
            return Optional.of("is a directory; expected a file");
        }
        return Optional.of(special(file) + "; expected a regular file");
    }

    /** "no such file", or what the symbolic link at {@code file} leads to. */
    private static String missing(Path file) {
        if (!Files.isSymbolicLink(file)) {
            return "no such file";
        }
        Set<Path> seen = new HashSet<>();
        Path current = file;
        try {
            for (int hops = 0; hops < MAX_LINKS && Files.isSymbolicLink(current); hops++) {
                if (!seen.add(current.toAbsolutePath().normalize())) {
                    return "is a symbolic link loop";
                }
                Path target = Files.readSymbolicLink(current);
                Path parent = current.toAbsolutePath().getParent();
                current = parent == null ? target : parent.resolve(target);
            }
            if (Files.isSymbolicLink(current)) {
                return "is a symbolic link loop";
            }
            return "is a symbolic link to " + UserText.escape(current.toString()) + ", which does not exist";
        } catch (IOException | UnsupportedOperationException e) {
            return "is a symbolic link that leads nowhere";
        }
    }

    private static String special(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & S_IFMT) {
                case S_IFIFO -> "is a FIFO (named pipe)";
                case S_IFCHR -> "is a character device";
                case S_IFBLK -> "is a block device";
                case S_IFSOCK -> "is a socket";
                default -> "is not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "is not a regular file";
        }
    }
}

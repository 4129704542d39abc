package dev.nn.cli.support;

import dev.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before any work, that a file the user asked for can be written. */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Throws {@link UserInputException} naming {@code option} when {@code file} is a directory, a loop of links, or
     * its folder is missing or not writable (the folder of the file a link leads to, where it is replaced), or when
     * it is a device, FIFO or descriptor that is not writable; does nothing for {@code null} (the option was not
     * given).
     */
    public static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(option + " " + file + ": is a directory; expected a file path");
        }
        Path destination;
        try {
            if (AtomicFiles.isStreamed(file)) {
                if (!Files.isWritable(file)) {
                    throw new UserInputException(option + " " + file + ": is not writable");
                }
                return;
            }
            destination = AtomicFiles.resolve(file);
        } catch (IOException e) {
            throw new UserInputException(option + " " + file + ": " + reason(e), e);
        }
        Path parent = destination.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException(option + " " + file + ": the folder " + parent + " does not exist");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new UserInputException(option + " " + file + ": the folder " + parent + " is not writable");
        }
    }

    /** What the operating system said, without the file name (which the caller's message already has). */
    static String reason(IOException e) {
        Throwable said = e instanceof dev.nn.io.WriteFailedException && e.getCause() != null ? e.getCause() : e;
        return said instanceof FileSystemException system && system.getReason() != null ? system.getReason()
                : String.valueOf(said.getMessage());
    }
}

package dev.nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before any work, that a file the user asked for can be written. */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Throws {@link UserInputException} naming {@code option} when {@code file} is a directory or its folder is
     * missing or not writable; does nothing for {@code null} (the option was not given).
     */
    public static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(option + " " + file + ": is a directory; expected a file path");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException(option + " " + file + ": the folder " + parent + " does not exist");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new UserInputException(option + " " + file + ": the folder " + parent + " is not writable");
        }
    }
}

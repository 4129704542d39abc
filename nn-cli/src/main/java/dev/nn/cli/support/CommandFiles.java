package dev.nn.cli.support;

import dev.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files one command reads and writes, by role, checked before any work: every output must be writable
 * ({@link OutputFiles#requireWritable}) and must be neither an input of the command nor another of its outputs, so
 * that {@code --save} onto the spec, {@code predict --output} onto the model or {@code --metrics m --save m} is
 * refused instead of destroying the file.
 *
 * <p>Files are compared by identity, not by name: the same file through symbolic links, hard links or {@code ..}
 * is the same file. An output is compared as it will be written: the file at the end of its links
 * ({@link AtomicFiles#resolve}), or for one that does not exist yet, its folder's real path and its name. An output
 * that is a device, a FIFO or a descriptor ({@code /dev/null}, {@code /dev/stdout}) is written directly and replaces
 * nothing, so it is not compared.
 */
public final class CommandFiles {
    private final List<Role> inputs = new ArrayList<>();
    private final List<Role> outputs = new ArrayList<>();

    /**
     * A file in its role, e.g. {@code the spec (SPEC examples/iris.yaml)} or {@code --save model.yaml}.
     *
     * @param shown the file as the user wrote it
     */
    private record Role(String description, String option, Path file, String shown) {
    }

    /**
     * Adds an input; does nothing for {@code null}.
     *
     * @param what what the file is, e.g. {@code the spec}
     * @param where how the user gave it, e.g. {@code SPEC} or {@code --input}, or {@code iris.yaml data.train.path}
     * @param file the file, relative to the working directory or absolute
     */
    public CommandFiles input(String what, String where, Path file) {
        return file == null ? this : input(what, where, file, file.toString());
    }

    /**
     * Adds an input that the user wrote as {@code shown} and that resolves to {@code file}, e.g. a spec's data path
     * {@code iris.csv}, which is relative to the spec's folder.
     */
    public CommandFiles input(String what, String where, Path file, String shown) {
        inputs.add(new Role(Objects.requireNonNull(what, "what is null"), Objects.requireNonNull(where, "where is null"),
                Objects.requireNonNull(file, "file is null"), Objects.requireNonNull(shown, "shown is null")));
        return this;
    }

    /**
     * Adds an output; does nothing for {@code null} (the option was not given).
     *
     * @param option the option, e.g. {@code --save}
     */
    public CommandFiles output(String option, Path file) {
        if (file != null) {
            outputs.add(new Role(null, Objects.requireNonNull(option, "option is null"), file, file.toString()));
        }
        return this;
    }

    /**
     * Checks every output, in the order added.
     *
     * @throws UserInputException naming both roles when an output is an input or another output, or naming the
     *     output when it cannot be written
     */
    public void check() {
        for (Role output : outputs) {
            OutputFiles.requireWritable(output.file(), output.option());
        }
        for (int i = 0; i < outputs.size(); i++) {
            Role output = outputs.get(i);
            Path written = destination(output);
            if (written == null) {
                continue;
            }
            for (Role input : inputs) {
                if (sameFile(written, input.file())) {
                    throw new UserInputException(output.option() + " " + output.file() + " is " + input.description()
                            + " (" + input.option() + " " + input.shown() + "): refusing to overwrite an input");
                }
            }
            for (Role other : outputs.subList(0, i)) {
                Path otherWritten = destination(other);
                if (otherWritten != null && sameFile(written, otherWritten)) {
                    throw new UserInputException(output.option() + " " + output.file() + " is also "
                            + other.option() + " " + other.file() + ": refusing to write two outputs to one file");
                }
            }
        }
    }

    /**
     * The file writing {@code output} replaces, as an absolute path with its folder's links resolved; {@code null}
     * when writing it replaces nothing (a device, a FIFO, a descriptor).
     */
    private static Path destination(Role output) {
        try {
            if (AtomicFiles.isStreamed(output.file())) {
                return null;
            }
            Path path = AtomicFiles.resolve(output.file());
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return path.toRealPath();
            }
            Path parent = path.getParent();
            Path realParent = parent != null && Files.isDirectory(parent) ? parent.toRealPath() : parent;
            return realParent == null ? path : realParent.resolve(path.getFileName());
        } catch (IOException e) {
            throw new UserInputException(output.option() + " " + output.file() + ": " + OutputFiles.reason(e), e);
        }
    }

    /** Whether {@code written} (an output's destination) is {@code file}, through links; a missing file is not. */
    private static boolean sameFile(Path written, Path file) {
        try {
            if (Files.exists(written) && Files.exists(file)) {
                return Files.isSameFile(written, file);
            }
            return Files.exists(file) ? false : written.equals(file.toAbsolutePath().normalize());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}

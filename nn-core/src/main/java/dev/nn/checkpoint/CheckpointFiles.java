package dev.nn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of checkpoint files in their directory: {@code epoch-0003.nn} after epoch 3, {@code
 * epoch-0004-batch-000017.nn} after 17 batches of epoch 4 (written when a signal stopped training there). The newest
 * is the one furthest into training.
 */
public final class CheckpointFiles {
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,9})(?:-batch-(\\d{6,9}))?\\.nn");

    private CheckpointFiles() {
    }

    /**
     * The file name for a checkpoint at {@code batch} batches into {@code epoch} (0: after epoch {@code epoch - 1}).
     */
    static String name(int epoch, int batch) {
        return batch == 0 ? String.format(Locale.ROOT, "epoch-%04d.nn", epoch - 1)
                : String.format(Locale.ROOT, "epoch-%04d-batch-%06d.nn", epoch, batch);
    }

    /** How far into training a checkpoint name is: finished epochs, then batches of the next; empty if not one. */
    static Optional<long[]> position(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long epoch = Long.parseLong(matcher.group(1));
        return Optional.of(matcher.group(2) == null ? new long[] {epoch, 0}
                : new long[] {epoch - 1, Long.parseLong(matcher.group(2))});
    }

    /** The checkpoints in {@code directory}, oldest first. */
    static List<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(f -> position(f.getFileName().toString()).isPresent() && Files.isRegularFile(f))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing((Path f) -> position(f.getFileName().toString()).orElseThrow()[0])
                .thenComparing(f -> position(f.getFileName().toString()).orElseThrow()[1]));
        return files;
    }

    /**
     * The checkpoint {@code --resume} names: the file itself, or the newest checkpoint in a directory.
     *
     * @throws CheckpointException when there is none
     */
    public static Path locate(Path fileOrDirectory) {
        if (Files.isDirectory(fileOrDirectory)) {
            List<Path> files = list(fileOrDirectory);
            if (files.isEmpty()) {
                throw new CheckpointException("--resume " + fileOrDirectory + ": the directory holds no checkpoint "
                        + "(epoch-NNNN.nn, epoch-NNNN-batch-NNNNNN.nn)");
            }
            return files.get(files.size() - 1);
        }
        if (!Files.isRegularFile(fileOrDirectory)) {
            throw new CheckpointException("--resume " + fileOrDirectory + ": no such file or directory");
        }
        return fileOrDirectory;
    }

    /** Deletes all but the newest {@code keep} checkpoints in {@code directory}. */
    static void prune(Path directory, int keep) throws IOException {
        List<Path> files = list(directory);
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }
}

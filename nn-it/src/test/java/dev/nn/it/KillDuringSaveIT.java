package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn train --save} killed with SIGKILL while it writes a 19 MB model, again and again: the target must always
 * be either the old complete file or the new complete file, never a part. Kills land at four moments: as soon as
 * the temporary file beside the target appears, once it holds a megabyte, once it is whole (while it is synced), and
 * just after it was moved over the target. The next complete save deletes what the killed ones left behind.
 */
final class KillDuringSaveIT {
    private static final int KILLS = 12;
    /** Kill once the temporary file has appeared and been moved over the target, while nn exits. */
    private static final long AFTER_THE_MOVE = -1;
    private static final String OLD_MODEL = """
            name: old
            input: 2
            layers:
              - units: 1
                weights: [[0.5, -0.5]]
                bias: [0.0]
            loss: mse
            optimizer: sgd
            training:
              epochs: 1
            """;

    @Test
    void aKilledSaveLeavesEitherTheOldOrTheNewCompleteModel(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("big.yaml"), bigSpec());
        byte[] old = OLD_MODEL.getBytes(StandardCharsets.UTF_8);
        String reference = completeNewModel(dir);
        Path target = dir.resolve("target.yaml");
        int midWrite = 0;
        int keptOld = 0;
        int replaced = 0;

        for (int i = 0; i < KILLS; i++) {
            Files.write(target, old);
            Set<Path> before = temporaryFiles(dir);
            long threshold = switch (i % 4) {
                case 0 -> 0;
                case 1 -> 1 << 20;
                case 2 -> reference.length();
                default -> AFTER_THE_MOVE;
            };
            Kill kill;
            try (BackgroundNn nn = BackgroundNn.start(dir, "train", "big.yaml", "--save", "target.yaml",
                    "--progress", "lines")) {
                kill = killWhenTemporaryFileReaches(nn, dir, before, threshold);
                NnProcess.Result run = nn.finish(Duration.ofSeconds(60));
                if (kill == Kill.TOO_LATE) {
                    assertEquals(0, run.exitCode(), run::describe);
                }
            }
            boolean killedMidWrite = kill == Kill.MID_WRITE;

            byte[] now = Files.readAllBytes(target);
            if (Arrays.equals(now, old)) {
                keptOld++;
            } else if (withoutDate(new String(now, StandardCharsets.UTF_8)).equals(withoutDate(reference))) {
                replaced++;
            } else {
                fail("kill " + i + " left target.yaml neither old nor new and complete: " + now.length
                        + " bytes, the new model has " + reference.length());
            }
            midWrite += killedMidWrite ? 1 : 0;
        }

        int stale = temporaryFiles(dir).size();
        System.out.printf(Locale.ROOT, "%d kills: %d while the temporary file was written; target kept the old "
                + "model %d times, held the new complete model %d times; %d stale temporary files%n", KILLS, midWrite,
                keptOld, replaced, stale);
        assertTrue(midWrite >= KILLS / 2, "only " + midWrite + " of " + KILLS + " kills hit a save in progress");
        assertTrue(keptOld > 0 && replaced > 0, "both outcomes should occur: old " + keptOld + ", new " + replaced);
        for (Path file : temporaryFiles(dir)) {
            assertTrue(file.getFileName().toString().startsWith(".target.yaml."), file::toString);
        }
        NnProcess.Result complete = NnProcess.in(dir).run("train", "big.yaml", "--save", "target.yaml", "--progress",
                "lines");
        assertEquals(0, complete.exitCode(), complete::describe);
        assertEquals(Set.of(), temporaryFiles(dir), "the temporary files of killed saves outlived a complete save");
    }

    /** When a kill landed. */
    private enum Kill {
        /** While the temporary file was being written: it is still there. */
        MID_WRITE,
        /** After the temporary file was moved over the target, before nn exited. */
        AFTER_MOVE,
        /** nn had finished before it could be killed. */
        TOO_LATE
    }

    /** Polls the folder for a new {@code .target.yaml.*.tmp} and kills nn (SIGKILL) once it holds {@code bytes}. */
    private static Kill killWhenTemporaryFileReaches(BackgroundNn nn, Path dir, Set<Path> before, long bytes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Path seen = null;
        while (System.nanoTime() < deadline) {
            Optional<Path> temporary = temporaryFiles(dir).stream().filter(p -> !before.contains(p)).findFirst();
            seen = temporary.orElse(seen);
            boolean due = bytes == AFTER_THE_MOVE ? seen != null && temporary.isEmpty()
                    : temporary.isPresent() && size(temporary.get()) >= bytes;
            if (due && nn.isAlive()) {
                nn.kill();
                return Files.exists(seen) ? Kill.MID_WRITE : Kill.AFTER_MOVE;
            }
            if (!nn.isAlive()) {
                return Kill.TOO_LATE;
            }
            BackgroundNn.pause();
        }
        fail("nn wrote no temporary file within 120 s");
        return Kill.TOO_LATE;
    }

    /** The new model as a complete save writes it; it must load. */
    private static String completeNewModel(Path dir) throws IOException {
        NnProcess.Result run = NnProcess.in(dir).run("train", "big.yaml", "--save", "reference.yaml", "--progress",
                "lines");
        assertEquals(0, run.exitCode(), run::describe);
        Path reference = dir.resolve("reference.yaml");
        LoadedSpec loaded = new SpecLoader().load(reference, "reference.yaml");
        assertEquals(3, loaded.spec().layers().size());
        assertEquals(640, loaded.spec().layers().get(0).weights().length);
        assertEquals(784, loaded.spec().layers().get(0).weights()[0].length);
        String text = Files.readString(reference, StandardCharsets.UTF_8);
        assertTrue(text.length() > 15_000_000, "a small model: " + text.length() + " bytes");
        return text;
    }

    /**
     * The model without the time it was trained at and its integrity line (whose hash covers that time), the only
     * lines that differ between two saves.
     */
    private static String withoutDate(String model) {
        return model.replaceFirst("^# integrity: sha256:[0-9a-f]{64}\n", "")
                .replaceFirst("(?m)^\\s*trained_at:.*$", "");
    }

    /** A 784-640-320-10 network (710,730 parameters) with initialised weights and four samples. */
    private static String bigSpec() {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder spec = new StringBuilder("""
                name: big
                seed: 3
                input: 784
                layers:
                  - units: 640
                    activation: relu
                  - units: 320
                    activation: relu
                  - units: 10
                    activation: softmax
                loss: cross_entropy
                optimizer: {name: sgd, learning_rate: 0.01}
                training:
                  epochs: 1
                data:
                  train:
                    inputs:
                """);
        for (int sample = 0; sample < 4; sample++) {
            spec.append("      - [");
            for (int i = 0; i < 784; i++) {
                spec.append(i == 0 ? "" : ", ").append(random.nextInt(256) / 255.0);
            }
            spec.append("]\n");
        }
        spec.append("    targets:\n");
        for (int sample = 0; sample < 4; sample++) {
            spec.append("      - [");
            for (int i = 0; i < 10; i++) {
                spec.append(i == 0 ? "" : ", ").append(i == sample ? 1 : 0);
            }
            spec.append("]\n");
        }
        return spec.toString();
    }

    private static Set<Path> temporaryFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return new HashSet<>(files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(".target.yaml.") && name.endsWith(".tmp");
            }).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}

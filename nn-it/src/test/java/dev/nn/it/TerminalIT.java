package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nn on a terminal, as a user sees it: the packaged CLI run on a pseudo-terminal that util-linux's {@code script}
 * makes, of a set width ({@code stty cols}), with Ctrl-C typed into it (the terminal driver turns it into SIGINT for
 * the foreground process group, as a keyboard does). Every line, between carriage returns and newlines, fits the
 * terminal; the data-reading line comes first; Ctrl-C is reported as SIGINT before the lines that say what was saved.
 */
final class TerminalIT {
    private static final int SIGINT = 2;
    /** 10,000 rows in batches of 1 through 4-256-256-3: epochs of a second or two, long enough for a bar. */
    private static final String SPEC = """
            name: terminal
            seed: 1
            input: 4
            layers:
              - units: 256
                activation: tanh
              - units: 256
                activation: tanh
              - units: 3
                activation: softmax
            loss: cross_entropy
            optimizer: sgd
            training:
              epochs: %d
              batch_size: 1
            data:
              train: {format: csv, path: data/train.csv, label: label}
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeTheData() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script makes the terminal");
        Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%s%n", random.nextDouble(),
                    random.nextDouble(), random.nextDouble(), random.nextDouble(), "xyz".charAt(i % 3)));
        }
        Files.writeString(dir.resolve("data/train.csv"), csv);
    }

    @Test
    void at80ColumnsEveryLineFitsAndTheBarShowsTheLossAndTheWholeRunsTimeLeft() throws IOException {
        Files.writeString(dir.resolve("three.yaml"), SPEC.formatted(3));

        Terminal run = Terminal.start(80, Map.of(), "train", "three.yaml").finish(Duration.ofMinutes(3));

        assertEquals(0, run.exitCode, run.text);
        assertFits(run.text, 80);
        List<String> drawn = drawings(run.text);
        assertTrue(drawn.get(0).startsWith("reading data/train.csv (") && drawn.get(0).endsWith(" ..."),
                "the first output says the data is being read: " + drawn.get(0));
        assertTrue(drawn.stream().anyMatch(line -> line.startsWith("read data/train.csv (")), run.text);
        assertTrue(drawn.stream().anyMatch(line -> line.matches("epoch 2/3 \\[[^\\]]{10,}] +\\d+% .*loss \\S+  ETA "
                + "\\d+:\\d\\d *")), "a bar with the loss and the time left: " + run.text);
        assertTrue(drawn.stream().anyMatch(line -> line.matches("epoch 3/3  loss \\d\\.\\d{10}  accuracy \\d\\.\\d{4}  "
                + "\\d+\\.\\d+ s")), "the epoch line with its time: " + run.text);
        assertFalse(run.text.contains("\u001b"), "no escape codes: " + run.text);
    }

    @Test
    void at40ColumnsTheBarGivesWayToTheLossAndTheTimeLeft() throws IOException {
        Files.writeString(dir.resolve("two.yaml"), SPEC.formatted(2));

        Terminal run = Terminal.start(40, Map.of(), "train", "two.yaml").finish(Duration.ofMinutes(3));

        assertEquals(0, run.exitCode, run.text);
        assertFits(run.text, 40);
        assertTrue(drawings(run.text).stream().anyMatch(line -> line.matches("epoch 2/2 .*loss \\S+ +ETA .*")),
                run.text);
    }

    @Test
    void columnsInTheEnvironmentChooseTheWidth() throws IOException {
        Files.writeString(dir.resolve("two.yaml"), SPEC.formatted(2));

        Terminal run = Terminal.start(200, Map.of("COLUMNS", "60"), "train", "two.yaml").finish(Duration.ofMinutes(3));

        assertEquals(0, run.exitCode, run.text);
        assertFits(run.text, 60);
    }

    @Test
    void ctrlCIsReportedAsSigintBeforeTheLinesThatSayWhatWasSaved() throws IOException {
        Files.writeString(dir.resolve("long.yaml"), SPEC.formatted(1000));

        Terminal nn = Terminal.start(80, Map.of(), "train", "long.yaml", "--save", "model.nn", "--metrics",
                "m.jsonl");
        nn.await("a bar of epoch 2", Duration.ofMinutes(2), text -> text.contains("\repoch    2/1000 ["));
        Assumptions.assumeFalse(nn.jvmIgnores(SIGINT), "started from a background job, whose children inherit "
                + "SIGINT ignored; Java cannot handle a signal ignored at its start");
        nn.type("\u0003");
        Terminal run = nn.finish(Duration.ofMinutes(2));

        assertEquals(130, run.exitCode, run.text);
        String text = run.text;
        int stopping = text.indexOf("SIGINT: stopping after the current batch (again to quit at once)");
        int stopped = text.indexOf("SIGINT: stopped after epoch ");
        int metrics = text.indexOf("metrics written to m.jsonl");
        int saved = text.indexOf("model saved to model.nn");
        assertTrue(stopping >= 0 && stopped > stopping && metrics > stopped && saved > stopped, text);
        assertFalse(text.contains("SIGTERM") || text.contains("SIGHUP"), text);
        assertTrue(Files.isRegularFile(dir.resolve("model.nn")), text);
    }

    /**
     * Every progress line drawn (text between carriage returns and newlines: the data's, the bars, the epoch lines)
     * is narrower than {@code width}; messages such as the summary may wrap.
     */
    private static void assertFits(String output, int width) {
        List<String> progress = drawings(output).stream()
                .filter(line -> line.startsWith("epoch ") || line.startsWith("read")).toList();
        assertTrue(progress.size() > 3, output);
        for (String line : progress) {
            assertTrue(line.codePointCount(0, line.length()) < width, "wider than " + (width - 1) + ": [" + line
                    + "]");
        }
    }

    private static List<String> drawings(String output) {
        return Stream.of(output.split("[\r\n]+")).filter(line -> !line.isBlank()).toList();
    }

    /** {@code nn args...} on a pseudo-terminal {@code columns} wide, in {@link #dir}. */
    private static final class Terminal {
        private final Process process;
        private final Path output;
        private String text;
        private int exitCode;

        private Terminal(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Terminal start(int columns, Map<String, String> environment, String... args) throws IOException {
            // The variables are set by env, after the shell that script runs: bash sets COLUMNS to the terminal's.
            StringBuilder command = new StringBuilder("stty cols " + columns + " rows 24 && exec env");
            environment.forEach((name, value) -> command.append(' ').append(quoted(name + "=" + value)));
            command.append(' ').append(quoted(NnProcess.distribution().resolve("bin/nn").toString()));
            for (String arg : args) {
                command.append(' ').append(quoted(arg));
            }
            Path output = Files.createTempFile("nn-terminal-", ".txt");
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qefc", command.toString(), "/dev/null")
                    .directory(dir.toFile()).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("NN_PLUGINS");
            builder.environment().remove("NN_JAVA_OPTS");
            builder.environment().remove("COLUMNS");
            builder.environment().put("TERM", "xterm");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            return new Terminal(builder.start(), output);
        }

        private static String quoted(String arg) {
            return "'" + arg.replace("'", "'\\''") + "'";
        }

        String soFar() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (java.nio.charset.MalformedInputException e) {
                return ""; // cut inside a character: read again later
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Polls the output until {@code condition} holds; fails after {@code timeout} or when nn ends first. */
        void await(String what, Duration timeout, Predicate<String> condition) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.test(soFar())) {
                if (!process.isAlive()) {
                    fail("nn ended before " + what + ":\n" + soFar());
                }
                if (System.nanoTime() > deadline) {
                    fail("no " + what + " within " + timeout + ":\n" + soFar());
                }
                BackgroundNn.pause();
            }
        }

        /** Types {@code keys} on the terminal. */
        void type(String keys) throws IOException {
            OutputStream keyboard = process.getOutputStream();
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        /** Whether the JVM under the terminal ignores {@code SIG<number>} (from {@code /proc/PID/status}). */
        boolean jvmIgnores(int signal) {
            Optional<ProcessHandle> jvm = process.descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
            if (jvm.isEmpty()) {
                return false;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.get().pid()), "status"))) {
                    if (line.startsWith("SigIgn:")) {
                        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                        return (mask & (1L << (signal - 1))) != 0;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no /proc: assume the signal is handled
            }
            return false;
        }

        /** Waits for nn to end (closing the keyboard) and keeps what the terminal showed. */
        Terminal finish(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("nn did not end within " + timeout + ":\n" + soFar());
                }
                exitCode = process.exitValue();
                text = soFar().replace("\r\n", "\n");
                Files.deleteIfExists(output);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

    }
}

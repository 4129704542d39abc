package dev.nn.it;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code <distribution>/bin/nn} as a separate process, as a user would, and captures its exit code,
 * stdout and stderr in full.
 *
 * <p>Both streams are redirected to temporary files, so neither can fill a pipe and block the process. The process
 * gets {@code JAVA_HOME} of the JVM running the tests (so it runs on a Java 17+ whatever the shell's {@code java} is)
 * and no {@code NN_PLUGINS} or {@code NN_JAVA_OPTS} from the caller's environment, so that a developer's own plugins
 * or JVM options cannot change what the tests see; {@link #env} sets variables per run.
 */
final class NnProcess {
    /** Far above the ~1 s a command takes: only a hung process reaches it. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Path directory;
    private final Map<String, String> environment;
    private final Duration timeout;

    private NnProcess(Path directory, Map<String, String> environment, Duration timeout) {
        this.directory = requireNonNull(directory, "directory is null");
        this.environment = Map.copyOf(environment);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Runs {@code nn} with {@code directory} as its working directory. */
    static NnProcess in(Path directory) {
        return new NnProcess(directory, Map.of(), DEFAULT_TIMEOUT);
    }

    /** Runs {@code nn} in the repository root, where {@code examples/document.yaml} resolves. */
    static NnProcess inRepository() {
        return in(repository());
    }

    /** This runner with {@code name=value} added to the process environment. */
    NnProcess env(String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
        return new NnProcess(directory, changed, timeout);
    }

    /** This runner with a different timeout. */
    NnProcess timeout(Duration newTimeout) {
        return new NnProcess(directory, environment, newTimeout);
    }

    /** The distribution folder ({@code bin/nn}, {@code lib/}, {@code plugins/}), from {@code -Dnn.distribution}. */
    static Path distribution() {
        return folderProperty("nn.distribution", "nn-cli/target/nn/nn");
    }

    /** The repository root, from {@code -Dnn.repository}. */
    static Path repository() {
        return folderProperty("nn.repository", ".");
    }

    /** {@code nn-it/src/test/resources/<name>} in the repository (the files the fixtures' READMEs describe). */
    static Path testResources(String name) {
        return repository().resolve("nn-it/src/test/resources").resolve(name);
    }

    private static Path folderProperty(String property, String relativeToRepository) {
        String value = System.getProperty(property);
        Path folder;
        if (value != null) {
            folder = Path.of(value);
        } else {
            // Run from an IDE without failsafe's properties: assume the working directory is nn-it.
            folder = Path.of("..").resolve(relativeToRepository);
        }
        folder = folder.toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(folder), property + " is not a folder: " + folder
                + " (build the distribution first: mvn -B -q install -DskipTests -pl nn-cli -am)");
        return folder;
    }

    /** Runs {@code nn args...} and waits for it. Fails the test if it does not end within the timeout. */
    Result run(String... args) {
        return runProgram(distribution().resolve("bin").resolve("nn"), args);
    }

    /**
     * Runs another program than the distribution's {@code bin/nn} (a launcher of an unpacked copy, a tool beside it)
     * the same way: this folder, this environment, this timeout.
     */
    Result runProgram(Path launcher, String... args) {
        assertTrue(Files.isExecutable(launcher), "not executable: " + launcher);
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("nn-stdout-", ".txt");
            stderr = Files.createTempFile("nn-stderr-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            env.remove("NN_PLUGINS");
            env.remove("NN_JAVA_OPTS");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("nn " + String.join(" ", args) + " did not finish within " + timeout + "\nstdout:\n"
                        + read(stdout) + "\nstderr:\n" + read(stderr));
            }
            return new Result(List.of(args), process.exitValue(), read(stdout), withoutIncubatorWarning(read(stderr)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans up
            }
        }
    }

    /**
     * What one run produced.
     *
     * @param args the arguments after {@code nn}
     * @param exitCode the process's exit code
     * @param stdout everything written to stdout, decoded as UTF-8
     * @param stderr everything written to stderr, decoded as UTF-8
     */
    /**
     * The JVM's own line announcing the Vector API module, which the launcher enables for computing commands and
     * which no JVM option turns off (see docs/performance.md, Kernels); everything else on stderr is the platform's.
     */
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    static String withoutIncubatorWarning(String stderr) {
        return stderr.startsWith(INCUBATOR_WARNING + "\n") ? stderr.substring(INCUBATOR_WARNING.length() + 1)
                : stderr.equals(INCUBATOR_WARNING) ? "" : stderr;
    }

    record Result(List<String> args, int exitCode, String stdout, String stderr) {
        /** Stdout split into lines, without line terminators. */
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        /** Stderr split into lines, without line terminators. */
        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        /** The command and both streams, for assertion messages. */
        String describe() {
            return "nn " + String.join(" ", args) + " exited " + exitCode + "\n--- stdout:\n" + stdout
                    + "--- stderr:\n" + stderr + "---";
        }
    }
}

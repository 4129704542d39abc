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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The packaged {@code nn} started in the background, to be signalled or killed while it runs; {@link NnProcess} runs
 * it to the end. The same environment as {@link NnProcess}: {@code JAVA_HOME} of the test JVM, no {@code NN_PLUGINS}
 * or {@code NN_JAVA_OPTS}; stdout and stderr go to temporary files, so they never block. The launcher replaces
 * itself with the JVM ({@code exec}), so {@link #pid()} is the JVM's, unless nn runs under a wrapper that forks
 * ({@code timeout}); {@link #jvm()} finds the JVM itself either way.
 */
final class BackgroundNn implements AutoCloseable {
    private final List<String> args;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private BackgroundNn(List<String> args, Process process, Path stdout, Path stderr) {
        this.args = args;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code nn args...} in {@code directory}. */
    static BackgroundNn start(Path directory, String... args) {
        return startUnder(List.of(), directory, args);
    }

    /**
     * Starts {@code wrapper... nn args...} in {@code directory}: a command that runs nn, such as {@code setsid},
     * {@code timeout 2} or {@code env TMPDIR=/missing}.
     */
    static BackgroundNn startUnder(List<String> wrapper, Path directory, String... args) {
        requireNonNull(directory, "directory is null");
        Path launcher = NnProcess.distribution().resolve("bin").resolve("nn");
        assertTrue(Files.isExecutable(launcher), "not executable: " + launcher);
        List<String> command = new ArrayList<>(wrapper);
        command.add(launcher.toString());
        command.addAll(List.of(args));
        try {
            Path stdout = Files.createTempFile("nn-background-stdout-", ".txt");
            Path stderr = Files.createTempFile("nn-background-stderr-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().remove("NN_PLUGINS");
            builder.environment().remove("NN_JAVA_OPTS");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            return new BackgroundNn(List.of(args), builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM ({@link ProcessHandle#destroy()} sends it on Linux and macOS). */
    void terminate() {
        process.toHandle().destroy();
    }

    /**
     * SIGKILL to the JVM and then to the process started ({@link ProcessHandle#destroyForcibly()} sends it on Linux
     * and macOS); returns once both are gone. The JVM is killed first and by its own pid, in case a wrapper runs it
     * as a child.
     */
    void kill() {
        try {
            Optional<ProcessHandle> jvm = jvm();
            jvm.ifPresent(ProcessHandle::destroyForcibly);
            if (jvm.isPresent()) {
                jvm.get().onExit().get(30, TimeUnit.SECONDS);
            }
            assertTrue(process.destroyForcibly().waitFor(30, TimeUnit.SECONDS), "nn survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the JVM survived SIGKILL", e);
        }
    }

    /** SIGKILL to the process started (a wrapper, when there is one) alone. */
    void killStarted() {
        try {
            assertTrue(process.destroyForcibly().waitFor(30, TimeUnit.SECONDS), "survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The JVM running the CLI: the launcher's own process when it {@code exec}s Java, else its child. */
    Optional<ProcessHandle> jvm() {
        ProcessHandle launcher = process.toHandle();
        return Stream.concat(Stream.of(launcher), launcher.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java") || c.endsWith("\\java.exe"))
                        .orElse(false))
                .findFirst();
    }

    /** Sends {@code SIG<name>} with the {@code kill} command. */
    void signal(String name) {
        kill("-" + name, Long.toString(pid()));
    }

    /**
     * Sends {@code SIG<name>} to the whole process group of the JVM ({@code kill -TERM -- -PGID}), as a terminal, a
     * service manager or {@code kill %1} do; start nn under {@code setsid --wait} so that the group is its own.
     */
    void signalGroup(String name) {
        long group = processGroup();
        assertTrue(group != ProcessHandle.current().pid() && group != processGroupOf(ProcessHandle.current().pid()),
                "nn shares the tests' process group: start it under setsid");
        kill("-" + name, "--", "-" + group);
    }

    /** The process group of the JVM (from {@code /proc/PID/stat}). */
    long processGroup() {
        return processGroupOf(jvm().orElseThrow(() -> new AssertionError("no JVM")).pid());
    }

    private static long processGroupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // pid (command) state ppid pgrp ...: the command may hold spaces and parentheses
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the JVM has a file named {@code fileName} open now (from {@code /proc/PID/fd}). */
    boolean hasOpen(String fileName) {
        Optional<ProcessHandle> jvm = jvm();
        if (jvm.isEmpty()) {
            return false;
        }
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(jvm.get().pid()), "fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    Path target = Files.readSymbolicLink(fd).getFileName();
                    return target != null && target.toString().equals(fileName);
                } catch (IOException e) {
                    return false; // closed while listed
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return false; // the process ended
        }
    }

    /** What nn printed on stdout so far. */
    String stdoutSoFar() {
        return readSoFar(stdout);
    }

    /** What nn printed on stderr so far. */
    String stderrSoFar() {
        return readSoFar(stderr);
    }

    private static String readSoFar(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            return ""; // cut inside a character: read again later
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kill(String... args) {
        List<String> command = new ArrayList<>(List.of("kill"));
        command.addAll(List.of(args));
        try {
            Process kill = new ProcessBuilder(command).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, command + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Whether the process ignores {@code SIG<number>}: a process started from a background job of a non-interactive
     * shell inherits SIGINT ignored, and Java cannot handle a signal that was ignored when it started.
     */
    boolean ignores(int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
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

    /** Polls (every millisecond) until {@code condition} holds; fails after {@code timeout} or if nn ends first. */
    void awaitWhileRunning(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                fail("nn ended before " + what + "\n" + finish(Duration.ofSeconds(10)).describe());
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + timeout);
            }
            pause();
        }
    }

    /** Waits for the process to end and returns what it printed; kills it and fails after {@code timeout}. */
    NnProcess.Result finish(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("nn " + String.join(" ", args) + " did not end within " + timeout + "\nstderr:\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new NnProcess.Result(args, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            jvm().ifPresent(ProcessHandle::destroyForcibly); // in case a wrapper runs it as a child
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temporary files; the OS cleans up
        }
    }
}

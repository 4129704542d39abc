package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher {@code bin/nn} where it cannot run the JVM as asked: each case is one clear {@code nn:} line on stderr
 * that says what to change, and a non-zero exit code, instead of a shell or JVM error alone.
 */
final class LauncherIT {
    private static final String SPEC = """
            name: tiny
            input: 1
            layers:
              - units: 1
            loss: mse
            optimizer: sgd
            training:
              epochs: 2
            data:
              train:
                inputs: [[1.0]]
                targets: [[1.0]]
            """;
    /** Far below what a default JVM reserves here (a 1 GB class space, a 240 MB code cache and the heap). */
    private static final long SMALL_LIMIT_KB = 1_500_000;
    private static final String SMALLER_JVM = "-Xmx256m -XX:ReservedCodeCacheSize=64m -XX:CompressedClassSpaceSize=64m";

    @Test
    void aTmpdirThatIsNoFolderIsNamedAndNothingRuns(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);
        Path missing = dir.resolve("missing");

        NnProcess.Result run = run(List.of("env", "TMPDIR=" + missing), dir, "train", "spec.yaml", "--save",
                "model.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals(List.of("nn: TMPDIR is " + missing + ", which is not a writable folder (nn puts a pipe for the "
                + "JVM's messages there): create it, point TMPDIR at one, or unset it to use /tmp"),
                run.stderr().lines().toList(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(Files.notExists(dir.resolve("model.yaml")), run::describe);
    }

    @Test
    void aJavaHomeWithoutJavaIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);

        NnProcess.Result run = run(List.of("env", "JAVA_HOME=" + dir), dir, "validate", "spec.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals(List.of("nn: JAVA_HOME is " + dir + ", which has no bin/java: point it at a Java 17 or later, "
                + "or unset it"), run.stderr().lines().toList(), run::describe);
    }

    /** Both launcher paths: train runs the JVM with the Vector API behind a stderr filter, validate without. */
    @ParameterizedTest(name = "nn {0}")
    @ValueSource(strings = {"train", "validate"})
    void aJvmThatCannotStartUnderUlimitSaysHowToFixIt(String command, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);

        NnProcess.Result run = run(underLimit(SMALL_LIMIT_KB), dir, command, "spec.yaml");

        assertEquals(1, run.exitCode(), run::describe);
        List<String> lines = run.stderr().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("nn: the Java VM cannot start (status "), run::describe);
        assertTrue(lines.get(lines.size() - 1).endsWith("within the virtual memory limit ulimit -v " + SMALL_LIMIT_KB
                + " (KB): raise the limit (ulimit -v unlimited), or make the JVM reserve less, e.g. NN_JAVA_OPTS='"
                + SMALLER_JVM + "'"), run::describe);
        assertEquals("", run.stdout(), run::describe);
    }

    /** The fix the message suggests works under the same limit. */
    @Test
    void theSuggestedJvmOptionsStartUnderTheSameLimit(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);
        List<String> wrapper = new java.util.ArrayList<>(List.of("env", "NN_JAVA_OPTS=" + SMALLER_JVM));
        wrapper.addAll(underLimit(SMALL_LIMIT_KB));

        NnProcess.Result run = run(wrapper, dir, "train", "spec.yaml", "--save", "model.yaml");

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("model saved to model.yaml"), run::describe);
        assertEquals(List.of(), run.stderr().lines().toList(), run::describe);
    }

    /** The JVM replaces the launcher with its standard input as given, also behind the stderr filter of train. */
    @Test
    void theJvmReadsTheLaunchersStandardInput(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);

        NnProcess.Result run = run(List.of("sh", "-c", "exec \"$0\" \"$@\" < spec.yaml"), dir, "train", "/dev/stdin",
                "--progress", "lines");

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("trained tiny (1-1) for 2 epochs"), run::describe);
        assertEquals(List.of(), run.stderr().lines().toList(), run::describe);
    }

    /** {@code sh -c 'ulimit -v KB && exec "$0" "$@"'}: runs the command that follows under the limit. */
    private static List<String> underLimit(long kilobytes) {
        return List.of("sh", "-c", "ulimit -v " + kilobytes + " && exec \"$0\" \"$@\"");
    }

    private static NnProcess.Result run(List<String> wrapper, Path dir, String... args) {
        try (BackgroundNn nn = BackgroundNn.startUnder(wrapper, dir, args)) {
            return nn.finish(Duration.ofSeconds(60));
        }
    }
}

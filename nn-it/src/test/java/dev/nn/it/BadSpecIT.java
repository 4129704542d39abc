package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specs a user can get wrong, each a file in {@code nn-it/src/test/resources/bad-specs} (its first line says what is
 * wrong). Each must fail with exit code 2 and one clear message per problem on stderr: the file name, the line, the
 * key path, what was expected and what was found, the available names with a suggestion for a near miss, and no
 * stack trace unless {@code --verbose} is given.
 */
final class BadSpecIT {
    private static final List<String> ACTIVATIONS =
            List.of("identity", "leaky_relu", "linear", "relu", "sigmoid", "softmax", "tanh");
    private static final List<String> INITIALIZERS =
            List.of("glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "zeros");
    private static final List<String> TOP_LEVEL_KEYS =
            List.of("data", "input", "layers", "loss", "name", "optimizer", "seed", "training", "version");
    private static final List<String> LAYER_KEYS = List.of("activation", "bias", "init", "type", "units", "weights");
    /** A Java, Jackson, SnakeYAML or picocli class name: internals a user should not need to read. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b|\\b(java|javax|dev\\.nn|com\\.fasterxml|org\\.yaml|picocli)\\.[a-z]");

    /**
     * What one bad spec must produce.
     *
     * @param file the file in bad-specs
     * @param line the line of the (first) problem; 0 when the problem has no position
     * @param path the key path of the (first) problem; empty for the whole document
     * @param says fragments stderr must contain
     * @param mustNotSay fragments stderr must not contain (wrong advice, internals)
     * @param validateToo whether {@code nn validate} must report the same
     */
    record Case(String file, int line, String path, List<String> says, List<String> mustNotSay,
                boolean validateToo) {
        Case saying(String... fragments) {
            List<String> all = new ArrayList<>(says);
            all.addAll(List.of(fragments));
            return new Case(file, line, path, all, mustNotSay, validateToo);
        }

        Case saying(List<String> fragments) {
            return saying(fragments.toArray(String[]::new));
        }

        Case notSaying(String... fragments) {
            List<String> all = new ArrayList<>(mustNotSay);
            all.addAll(List.of(fragments));
            return new Case(file, line, path, says, all, validateToo);
        }

        Case alsoValidated() {
            return new Case(file, line, path, says, mustNotSay, true);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private static Case bad(String file, int line, String path) {
        return new Case(file, line, path, List.of(), List.of(), false);
    }

    /** The table: every bad spec and what the CLI must say about it. */
    static List<Case> cases() {
        return List.of(
                bad("unknown-activation.yaml", 8, "layers[1].activation")
                        .saying("unknown activation 'rleu'", "did you mean 'relu'?", "available: ").saying(ACTIVATIONS)
                        .alsoValidated(),
                bad("unknown-loss.yaml", 9, "loss")
                        .saying("unknown loss 'cross_entropi'", "did you mean 'cross_entropy'?", "available: ", "mse"),
                bad("unknown-optimizer.yaml", 10, "optimizer.name")
                        .saying("unknown optimizer 'quickprop'", "available: ", "sgd")
                        .notSaying("did you mean"),
                bad("unknown-init.yaml", 7, "layers[0].init")
                        .saying("unknown initializer 'he_unifrom'", "did you mean 'he_uniform'?", "available: ")
                        .saying(INITIALIZERS),
                bad("weights-wrong-rows.yaml", 7, "layers[0].weights")
                        .saying("expected 4 rows", "found 3 rows")
                        .alsoValidated(),
                bad("weights-ragged-row.yaml", 10, "layers[0].weights[2]")
                        .saying("expected 3 values", "found 2"),
                bad("weights-not-a-list.yaml", 7, "layers[0].weights")
                        .saying("expected a list of rows", "found the string \"abc\"")
                        .notSaying("double[][]", "Cannot construct instance"),
                bad("bias-wrong-length.yaml", 9, "layers[1].bias")
                        .saying("expected 3 values", "found 2"),
                bad("unknown-top-level-key.yaml", 10, "optimiser")
                        .saying("unknown key 'optimiser'", "did you mean 'optimizer'?", "valid keys here: ")
                        .saying(TOP_LEVEL_KEYS),
                bad("misplaced-epochs.yaml", 11, "epochs")
                        .saying("unknown key 'epochs'", "valid keys here: ").saying(TOP_LEVEL_KEYS),
                bad("unknown-layer-key.yaml", 5, "layers[0].unit")
                        .saying("unknown key 'unit'", "did you mean 'units'?", "valid keys here: ").saying(LAYER_KEYS)
                        .notSaying("did you mean 'init'?"),
                bad("missing-data.yaml", -1, "data")
                        .saying("missing required key 'data'", "data.train", "inputs", "targets"),
                bad("malformed-yaml.yaml", 16, "")
                        .saying("malformed YAML"),
                bad("units-fraction.yaml", 5, "layers[0].units")
                        .saying("expected a whole number", "found the number 4.7")
                        .alsoValidated(),
                bad("units-string.yaml", 5, "layers[0].units")
                        .saying("expected a whole number", "found the string \"4\""),
                bad("units-empty.yaml", 5, "layers[0].units")
                        .saying("expected a whole number")
                        .notSaying("the string \"\""),
                bad("negative-units.yaml", 5, "layers[0].units")
                        .saying("expected a whole number >= 1", "found -4"),
                bad("input-zero.yaml", 3, "input")
                        .saying("expected a whole number >= 1", "found 0")
                        .notSaying("expected 0 ", "problems found"),
                bad("duplicate-key.yaml", 4, "input")
                        .saying("duplicate key 'input'", "line 3"),
                bad("data-row-wrong-width.yaml", 17, "data.train.inputs[1]")
                        .saying("expected 3 values", "found 4"),
                bad("data-first-row-wrong-width.yaml", 16, "data.train.inputs[0]")
                        .saying("expected 3 values", "found 4")
                        .notSaying("data.train.inputs[1]"),
                bad("targets-wrong-width.yaml", 19, "data.train.targets[0]")
                        .saying("expected 3 values", "the last layer's units", "found 2"),
                bad("unknown-loss-parameter.yaml", 9, "loss.factor")
                        .saying("unknown parameter 'factor'", "loss 'cross_entropy'", "it takes: class_weights"),
                bad("parameter-wrong-type.yaml", 6, "layers[0].activation.alpha")
                        .saying("activation 'leaky_relu'", "expected a number", "found the string \"x\""),
                bad("zero-epochs.yaml", 12, "training.epochs")
                        .saying("expected a whole number >= 1", "found 0"),
                bad("epochs-too-large.yaml", 12, "training.epochs")
                        .saying("expected a whole number", "99999999999")
                        .notSaying("Numeric value", "range of int"),
                bad("empty.yaml", 0, "")
                        .saying("the file is empty", "expected a model spec")
                        .alsoValidated());
    }

    static Stream<Arguments> runs() {
        return cases().stream().flatMap(c -> c.validateToo()
                ? Stream.of(Arguments.of(c, "train"), Arguments.of(c, "validate"))
                : Stream.of(Arguments.of(c, "train")));
    }

    private static Path folder() {
        return NnProcess.testResources("bad-specs");
    }

    @ParameterizedTest(name = "nn {1} {0}")
    @MethodSource("runs")
    void badSpecFailsWithOneClearMessagePerProblem(Case bad, String command) {
        NnProcess.Result run = NnProcess.in(folder()).run(command, bad.file());

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), "nothing may be trained or validated\n" + run.describe());
        assertTrue(run.stderr().startsWith("error: " + bad.file() + (bad.line() == 0 ? ": " : ":")),
                "stderr does not start with the file\n" + run.describe());
        assertLocated(run, bad);
        for (String fragment : bad.says()) {
            assertTrue(run.stderr().contains(fragment), "stderr lacks \"" + fragment + "\"\n" + run.describe());
        }
        for (String fragment : bad.mustNotSay()) {
            assertFalse(run.stderr().contains(fragment), "stderr says \"" + fragment + "\"\n" + run.describe());
        }
        assertNoStackTrace(run);
    }

    @Test
    void everyBadSpecFileIsInTheTable() throws IOException {
        List<String> files;
        try (Stream<Path> listing = Files.list(folder())) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }

        assertEquals(files, cases().stream().map(Case::file).sorted().toList());
    }

    @Test
    void validateAcceptsASpecWithoutData() {
        NnProcess.Result run = NnProcess.in(folder()).run("validate", "missing-data.yaml");

        assertEquals(0, run.exitCode(), run::describe);
        assertFalse(run.stderr().contains("error"), run::describe);
        assertEquals(List.of("missing-data.yaml: valid: 2 layers (3-4-3), 31 parameters, loss cross_entropy, "
                + "optimizer sgd, no training data"), run.stdoutLines());
    }

    @Test
    void missingFileIsNamed() {
        NnProcess.Result run = NnProcess.in(folder()).run("train", "no-such-spec.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertEquals(List.of("error: no-such-spec.yaml: no such file"), run.stderrLines());
    }

    @Test
    void directoryInsteadOfAFileIsNamed(@TempDir Path dir) throws IOException {
        Files.createDirectory(dir.resolve("model.yaml"));
        NnProcess.Result run = NnProcess.in(dir).run("validate", "model.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertEquals(List.of("error: model.yaml: is a directory; expected a spec file (YAML)"), run.stderrLines());
    }

    @Test
    void verboseAddsTheStackTraceAfterTheMessage() {
        NnProcess.Result verbose = NnProcess.in(folder()).run("train", "--verbose", "unknown-activation.yaml");

        assertEquals(2, verbose.exitCode(), verbose::describe);
        assertEquals("", verbose.stdout(), verbose::describe);
        List<String> lines = verbose.stderrLines();
        assertTrue(lines.get(0).startsWith("error: unknown-activation.yaml:8:5: layers[1].activation: "
                + "unknown activation 'rleu'; did you mean 'relu'?"), verbose::describe);
        assertTrue(lines.size() > 2, "no stack trace\n" + verbose.describe());
        assertTrue(lines.get(1).startsWith("dev.nn.spec.SpecException: "), verbose::describe);
        assertTrue(lines.get(2).startsWith("\tat "), "no stack trace\n" + verbose.describe());
    }

    /** The first problem's position: {@code error: FILE:LINE:COLUMN: PATH: } (or less, when there is none). */
    private static void assertLocated(NnProcess.Result run, Case bad) {
        String location = bad.line() > 0 ? Pattern.quote(bad.file()) + ":" + bad.line() + ":\\d+"
                : bad.line() == 0 ? Pattern.quote(bad.file()) : Pattern.quote(bad.file()) + "(:\\d+:\\d+)?";
        String path = bad.path().isEmpty() ? "" : Pattern.quote(bad.path()) + ": ";
        Matcher first = Pattern.compile("error: " + location + ": " + path + "\\S").matcher(run.stderrLines().get(0));
        assertTrue(first.lookingAt(), "expected the first problem at " + bad.file()
                + (bad.line() > 0 ? ":" + bad.line() : "") + (bad.path().isEmpty() ? "" : " " + bad.path())
                + "\n" + run.describe());
    }

    private static void assertNoStackTrace(NnProcess.Result run) {
        assertFalse(run.stderr().contains("\tat "), "stack trace without --verbose\n" + run.describe());
        Matcher internal = CLASS_NAME.matcher(run.stderr());
        assertFalse(internal.find(), () -> "class name '" + internal.group() + "' without --verbose\n"
                + run.describe());
    }
}

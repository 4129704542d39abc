package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nn validate}, {@code nn gradcheck}, {@code nn plugins}, {@code --version}, {@code --help} and bad usage. */
final class ValidateGradcheckPluginsIT {
    private static final String SPEC = "examples/document.yaml";
    /** parameter, elements, max relative error, analytic/numeric, result. */
    private static final Pattern GRADCHECK_ROW =
            Pattern.compile("([Wb]\\d+) +(\\d+) +(\\S+) +(\\S+) *(ok|FAIL) +(training|inference).*");
    private static final Map<String, Integer> DOCUMENT_PARAMETERS =
            orderedMap("W1", 12, "b1", 4, "W2", 8, "b2", 2, "W3", 6, "b3", 3);

    @Test
    void validateDescribesTheDocumentNetwork() {
        NnProcess.Result run = NnProcess.inRepository().run("validate", SPEC);

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        assertEquals(1, run.stdoutLines().size(), run::describe);
        String line = run.stdoutLines().get(0);
        assertTrue(line.startsWith(SPEC + ": valid: 3 layers (3-4-2-3), 35 parameters, loss mse, optimizer sgd"),
                run::describe);
        assertTrue(line.contains("2 training samples"), run::describe);
    }

    @Test
    void gradcheckPassesForEveryParameterOfTheDocumentNetwork() {
        NnProcess.Result run = NnProcess.inRepository().run("gradcheck", SPEC);

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        List<Matcher> rows = rows(run);
        List<String> expected = new ArrayList<>();
        for (String mode : List.of("training", "inference")) {
            DOCUMENT_PARAMETERS.keySet().forEach(name -> expected.add(name + " " + mode));
        }
        assertEquals(expected, rows.stream().map(row -> row.group(1) + " " + row.group(6)).toList(), run::describe);
        for (Matcher row : rows) {
            assertEquals(DOCUMENT_PARAMETERS.get(row.group(1)), Integer.parseInt(row.group(2)), row.group());
            double error = Double.parseDouble(row.group(3));
            assertTrue(error >= 0 && error < 1e-5, "relative error above the default tolerance: " + row.group());
            assertEquals("ok", row.group(5), row.group());
        }
        String last = run.stdoutLines().get(run.stdoutLines().size() - 1);
        assertTrue(last.startsWith(SPEC + ": gradients match"), run::describe);
        assertTrue(last.contains("tolerance 1.0e-05") && last.contains("2 samples"), run::describe);
    }

    @Test
    void gradcheckBelowAnyReachableToleranceFailsWithExitCodeOne() {
        NnProcess.Result run = NnProcess.inRepository().run("gradcheck", SPEC, "--tolerance", "1e-30");

        assertEquals(1, run.exitCode(), run::describe);
        List<Matcher> rows = rows(run);
        assertEquals(2 * DOCUMENT_PARAMETERS.size(), rows.size(), run::describe);
        rows.forEach(row -> assertEquals("FAIL", row.group(5), row.group()));
        assertTrue(run.stdout().contains(SPEC + ": gradients DO NOT match (tolerance 1.0e-30"), run::describe);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--step|0|--step: expected a number > 0 (the finite-difference step) but found '0'",
        "--step|-1e-6|--step: expected a number > 0 (the finite-difference step) but found '-1e-6'",
        "--step|NaN|--step: expected a finite number but found 'NaN'",
        "--step|0x1p-20|--step: expected a plain decimal number but found '0x1p-20' (hexadecimal numbers are not "
                + "accepted)",
        "--tolerance|Infinity|--tolerance: expected a finite number but found 'Infinity'",
        "--tolerance|0|--tolerance: expected a number > 0 (the largest relative error that passes) but found '0'"})
    void gradcheckRefusesAStepOrToleranceThatCannotWorkInOneLine(String option, String value, String message) {
        NnProcess.Result run = NnProcess.inRepository().run("gradcheck", SPEC, option, value);

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), "nothing is checked\n" + run.describe());
        assertEquals(List.of("error: " + message), run.stderrLines(), run::describe);
    }

    @Test
    void pluginsListsEveryBuiltInComponentWithTheJarItCameFrom() throws IOException {
        NnProcess.Result run = NnProcess.inRepository().run("plugins");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        String version = projectVersion();
        String activations = "built-in (nn-activations-" + version + ".jar)";
        String losses = "built-in (nn-losses-" + version + ".jar)";
        String core = "built-in (nn-core-" + version + ".jar)";
        List<String[]> expected = List.of(
                new String[] {"activation", "identity", activations},
                new String[] {"activation", "linear -> identity", activations},
                new String[] {"activation", "relu", activations},
                new String[] {"activation", "leaky_relu", activations},
                new String[] {"activation", "sigmoid", activations},
                new String[] {"activation", "tanh", activations},
                new String[] {"activation", "softmax", activations},
                new String[] {"loss", "mse", losses},
                new String[] {"loss", "cross_entropy", losses},
                new String[] {"layer", "dense", core},
                new String[] {"optimizer", "sgd", core},
                new String[] {"initializer", "glorot_uniform", core},
                new String[] {"initializer", "glorot_normal", core},
                new String[] {"initializer", "he_uniform", core},
                new String[] {"initializer", "he_normal", core},
                new String[] {"initializer", "zeros", core});
        List<String> lines = run.stdoutLines();
        for (String[] component : expected) {
            Pattern row = Pattern.compile(Pattern.quote(component[0]) + " +" + Pattern.quote(component[1])
                    + " +\\S+ +" + Pattern.quote(component[2]) + "( .*)?");
            assertTrue(lines.stream().anyMatch(line -> row.matcher(line).matches()),
                    "no row for " + String.join(" ", component) + "\n" + run.describe());
        }
        List<String> rows = lines.subList(1, lines.size() - 1);
        assertTrue(lines.get(0).matches("KIND +NAME +CLASS +.*"), run::describe);
        assertEquals(rows.size() + " components", lines.get(lines.size() - 1), run::describe);
    }

    @Test
    void versionPrintsTheProjectVersionAndTheSpiVersion() throws IOException {
        NnProcess.Result run = NnProcess.inRepository().run("--version");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        assertEquals("nn " + projectVersion() + " (plugin SPI 2)", run.stdoutLines().get(0), run::describe);
        assertTrue(run.stdoutLines().get(1).startsWith("Java "), run::describe);
    }

    /**
     * {@code --version --verbose} starts the JVM as the commands that compute do, so it names the kernel they get:
     * the vector kernels (float64 and float32), with their tile and width, and the threads; the JVM's incubator notice stays filtered out.
     */
    @Test
    void verboseVersionNamesTheKernelTheComputingCommandsGet() throws IOException {
        NnProcess.Result run = NnProcess.inRepository().run("--version", "--verbose");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        assertEquals(4, run.stdoutLines().size(), run::describe);
        assertTrue(run.stdoutLines().get(2).matches(
                "Kernels: vector \\d+x\\d+ \\(jdk\\.incubator\\.vector, \\d+-bit: .*\\), \\d+ threads?"), run::describe);
        assertTrue(run.stdoutLines().get(3).matches("Kernels \\(float32\\): vector \\d+x\\d+ "
                + "\\(jdk\\.incubator\\.vector, \\d+-bit: .* floats.*\\), \\d+ threads?"), run::describe);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        NnProcess.Result run = NnProcess.inRepository().run("--help");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        assertTrue(run.stdout().startsWith("Usage: nn "), run::describe);
        for (String command : List.of("train", "validate", "gradcheck", "plugins")) {
            assertTrue(run.stdout().contains("\n  " + command + " "), "help lacks " + command + "\n" + run.describe());
        }
        assertTrue(run.stdout().contains("Exit codes: 0 success; 1 a failure while running; 2 bad usage"),
                run::describe);
    }

    @Test
    void trainHelpListsItsOptions() {
        NnProcess.Result run = NnProcess.inRepository().run("train", "--help");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        assertTrue(run.stdout().startsWith("Usage: nn train "), run::describe);
        for (String option : List.of("SPEC", "--metrics=FILE", "--save=FILE", "--trace", "--verbose")) {
            assertTrue(run.stdout().contains(option), "train --help lacks " + option + "\n" + run.describe());
        }
    }

    @Test
    void unknownSubcommandIsBadUsage() {
        NnProcess.Result run = NnProcess.inRepository().run("frobnicate", SPEC);

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(run.stderr().contains("'frobnicate'"), run::describe);
        assertFalse(run.stderr().contains("\tat "), run::describe);
    }

    @Test
    void unknownOptionIsBadUsageAndTrainsNothing() {
        NnProcess.Result run = NnProcess.inRepository().run("train", "--frobnicate", SPEC);

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(run.stderr().contains("Unknown option: '--frobnicate'"), run::describe);
        assertTrue(run.stderr().contains("Usage: nn train "), run::describe);
    }

    @Test
    void trainWithoutASpecIsBadUsage() {
        NnProcess.Result run = NnProcess.inRepository().run("train");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(run.stderr().contains("Missing required parameter: 'SPEC'"), run::describe);
        assertFalse(run.stderr().contains("\tat "), run::describe);
    }

    private static List<Matcher> rows(NnProcess.Result run) {
        List<Matcher> rows = new ArrayList<>();
        for (String line : run.stdoutLines()) {
            Matcher row = GRADCHECK_ROW.matcher(line);
            if (row.matches()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The version in the repository's root pom.xml, e.g. {@code 0.1.0-SNAPSHOT}. */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(NnProcess.repository().resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<artifactId>nn-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(version.find(), "no nn-parent version in pom.xml");
        return version.group(1).trim();
    }

    private static Map<String, Integer> orderedMap(Object... keysAndValues) {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (Integer) keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

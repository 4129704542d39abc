package dev.nn.cli;

import dev.nn.cli.support.VersionInfo;
import dev.nn.cli.support.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process through {@link Main#run}, with the built-in activations and losses on the class path. */
final class MainTest {
    private static final String DOCUMENT = "../examples/document.yaml";
    private static final Pattern EPOCH_LINE =
            Pattern.compile("epoch +(\\d+)/40  loss (\\d+\\.\\d{10})  accuracy (\\d\\.\\d{4})  \\d+\\.\\d+ s");

    /** A spec whose line 5 has a fraction where a whole number belongs. */
    private static final String BAD_SPEC = """
            name: bad
            input: 3
            layers:
              - activation: relu
                units: 4.7
            loss: mse
            optimizer: sgd
            training:
              epochs: 1
            """;

    @TempDir
    Path folder;

    @Test
    void versionNamesThePlatformAndSpiVersionsFromTheBuild() {
        Run run = run("--version");

        assertEquals(ExitCodes.OK, run.code);
        assertTrue(VersionInfo.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), VersionInfo.version());
        assertTrue(run.out.startsWith("nn " + VersionInfo.version() + " (plugin SPI " + VersionInfo.spiVersion() + ")"),
                run.out);
        assertTrue(VersionInfo.spiVersion().matches("\\d+"), VersionInfo.spiVersion());
        assertTrue(run.out.contains("Java "), run.out);
        assertFalse(run.out.contains("Kernels"), run.out);
        assertEquals("", run.err);
    }

    @Test
    void verboseVersionAlsoNamesTheProductKernelAndThreads() {
        Run run = run("--version", "--verbose");

        assertEquals(ExitCodes.OK, run.code);
        List<String> lines = run.out.lines().toList();
        assertEquals(4, lines.size(), run.out);
        assertEquals("Kernels: " + dev.nn.tensor.MatrixProducts.implementation(), lines.get(2));
        assertTrue(lines.get(2).matches("Kernels: (vector \\d+x\\d+ \\(jdk.incubator.vector, \\d+-bit: .*|scalar .*), \\d+ threads?"),
                lines.get(2));
        assertEquals("Kernels (float32): " + dev.nn.tensor.MatrixProducts.float32Implementation(), lines.get(3));
        assertTrue(lines.get(3).matches("Kernels \\(float32\\): (vector \\d+x\\d+ .* floats.*|scalar .*), \\d+ threads?"),
                lines.get(3));
        assertEquals("", run.err);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Run run = run("--help");

        assertEquals(ExitCodes.OK, run.code);
        assertTrue(run.out.startsWith("Usage: nn"), run.out);
        for (String command : List.of("train", "validate", "gradcheck", "plugins")) {
            assertTrue(run.out.contains("  " + command + " "), command + " missing from\n" + run.out);
        }
        assertTrue(run.out.contains("Exit codes: 0 success; 1 a failure while running; 2 bad usage"), run.out);
        assertEquals("", run.err);
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNames() {
        CommandLine named = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new String[] {"validate", DOCUMENT});
        CommandLine help = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new String[] {"--help"});

        assertEquals(List.of("validate"), List.copyOf(named.getSubcommands().keySet()));
        assertEquals(List.of("train", "predict", "evaluate", "export", "validate", "summary", "config", "gradcheck", "plugins", "plot",
                "completion", "help"), List.copyOf(help.getSubcommands().keySet()));
    }

    @Test
    void helpWithACommandPrintsThatCommandsUsage() {
        Run all = run("help");
        Run train = run("help", "train");

        assertEquals(ExitCodes.OK, all.code, all.err);
        assertTrue(all.out.startsWith("Usage: nn"), all.out);
        assertTrue(all.out.contains("  completion "), all.out);
        assertEquals(ExitCodes.OK, train.code, train.err);
        assertTrue(train.out.startsWith("Usage: nn train"), train.out);
        assertTrue(train.out.contains("--progress=WHEN"), train.out);
        assertEquals(run("train", "--help").out, train.out);
    }

    @Test
    void helpWithAnUnknownCommandNamesTheCommandsOnOneLine() {
        Run unknown = run("help", "nosuch");

        assertEquals(ExitCodes.BAD_INPUT, unknown.code, unknown.err);
        assertEquals("", unknown.out);
        assertEquals(1, unknown.err.lines().count(), unknown.err);
        assertTrue(unknown.err.contains("unknown command 'nosuch'"), unknown.err);
        assertTrue(unknown.err.contains("train, predict, evaluate"), unknown.err);
    }

    @Test
    void completionPrintsABashScriptThatKnowsEveryCommandAndTheirOptions() {
        Run run = run("completion");

        assertEquals(ExitCodes.OK, run.code, run.err);
        assertTrue(run.out.startsWith("#!/usr/bin/env bash"), run.out.lines().findFirst().orElse(""));
        assertTrue(run.out.contains("complete -F _complete_nn"), "registers the completion function");
        for (Class<?> command : dev.nn.cli.commands.NnCommand.SUBCOMMANDS) {
            String name = command.getAnnotation(picocli.CommandLine.Command.class).name();
            assertTrue(run.out.contains(name), name);
        }
        assertTrue(run.out.contains("--progress"), "train's options");
        assertTrue(run.out.contains("(\"auto\" \"bar\" \"lines\") # --progress values"), "--progress values");
    }

    @Test
    void aMistypedCommandIsRefusedWithTheNearestNames() {
        Run run = run("valdate", DOCUMENT);

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertTrue(run.err.contains("validate"), run.err);
        assertEquals("", run.out);
    }

    @Test
    void noCommandPrintsTheUsage() {
        Run run = run();

        assertEquals(ExitCodes.OK, run.code);
        assertTrue(run.out.startsWith("Usage: nn"), run.out);
    }

    @Test
    void validateReportsTheNetworkOfTheDocumentSpec() {
        Run run = run("validate", DOCUMENT);

        // 3-4-2-3: (3 * 4 + 4) + (4 * 2 + 2) + (2 * 3 + 3) = 16 + 10 + 9 = 35 parameters.
        assertEquals(ExitCodes.OK, run.code, run.err);
        assertEquals(DOCUMENT + ": valid: 3 layers (3-4-2-3), 35 parameters, loss mse, optimizer sgd, "
                + "2 training samples", run.out.strip());
        assertEquals("", run.err);
    }

    @Test
    void trainPrintsFortyEpochLinesAndASummary() {
        Run run = run("train", DOCUMENT);

        assertEquals(ExitCodes.OK, run.code, run.err);
        List<String> lines = run.out.lines().toList();
        assertEquals(41, lines.size(), run.out);
        for (int i = 0; i < 40; i++) {
            Matcher m = EPOCH_LINE.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(i + 1, Integer.parseInt(m.group(1)));
        }
        // The first epoch's loss is taken before any update, so it is the starting network's loss, computed
        // independently (Python, the notebook's weights): 0.5 * mean((softmax(...) - t)^2) = 0.1333304790, and one
        // of the two samples is classified correctly.
        assertTrue(lines.get(0).startsWith("epoch  1/40  loss 0.1333304790  accuracy 0.5000  "), lines.get(0));
        assertTrue(lines.get(40).startsWith("trained document-network (3-4-2-3) for 40 epochs in "), lines.get(40));
        assertTrue(lines.get(40).contains(": loss 0.1333304790 -> "), lines.get(40));
        Matcher last = EPOCH_LINE.matcher(lines.get(39));
        assertTrue(last.matches());
        assertTrue(lines.get(40).contains("-> " + last.group(2) + ", accuracy " + last.group(3)), lines.get(40));
        assertTrue(Double.parseDouble(last.group(2)) < 0.1333304790, lines.get(39));
    }

    @Test
    void theMetricsFileHoldsTheExactLossesThePrinterRounds() throws IOException {
        Path metrics = folder.resolve("metrics.jsonl");

        Run run = run("train", DOCUMENT, "--metrics", metrics.toString());

        assertEquals(ExitCodes.OK, run.code, run.err);
        List<String> printed = run.out.lines().limit(40).toList();
        List<String> written = Files.readAllLines(metrics);
        assertEquals(40, written.size());
        Pattern loss = Pattern.compile("\"loss\":([-0-9.Ee]+)");
        for (int i = 0; i < 40; i++) {
            Matcher m = loss.matcher(written.get(i));
            assertTrue(m.find(), written.get(i));
            Matcher line = EPOCH_LINE.matcher(printed.get(i));
            assertTrue(line.matches(), printed.get(i));
            assertEquals(line.group(2), String.format(java.util.Locale.ROOT, "%.10f", Double.parseDouble(m.group(1))));
            assertTrue(written.get(i).startsWith("{\"epoch\":" + (i + 1) + ","), written.get(i));
        }
        assertTrue(run.out.contains("metrics written to " + metrics), run.out);
    }

    @Test
    void anUnknownCommandExitsWithTwo() {
        Run run = run("frobnicate");

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertTrue(run.err.contains("frobnicate"), run.err);
        assertEquals("", run.out);
    }

    @Test
    void anUnknownOptionExitsWithTwo() {
        Run run = run("validate", "--colour", DOCUMENT);

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertTrue(run.err.contains("--colour"), run.err);
    }

    @Test
    void aBadSpecExitsWithTwoNamingTheFileAndLineWithoutAStackTrace() throws IOException {
        Path spec = Files.writeString(folder.resolve("bad.yaml"), BAD_SPEC);

        Run run = run("validate", spec.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertEquals("error: " + spec + ":5:5: layers[0].units: expected a whole number but found the number 4.7",
                run.err.strip());
        assertFalse(run.err.contains("\tat "), run.err);
        assertFalse(run.err.contains("Exception"), run.err);
        assertEquals("", run.out);
    }

    @Test
    void aBadSpecStopsTrainingBeforeItStarts() throws IOException {
        Path spec = Files.writeString(folder.resolve("bad.yaml"), BAD_SPEC);

        Run run = run("train", spec.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertTrue(run.err.startsWith("error: " + spec + ":5:5: "), run.err);
        assertEquals("", run.out);
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path spec = Files.writeString(folder.resolve("bad.yaml"), BAD_SPEC);

        Run run = run("validate", "--verbose", spec.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertTrue(run.err.startsWith("error: " + spec + ":5:5: "), run.err);
        assertTrue(run.err.contains("dev.nn.spec.SpecException"), run.err);
        assertTrue(run.err.contains("\tat "), run.err);
    }

    @Test
    void aMissingSpecFileExitsWithTwo() {
        Path missing = folder.resolve("absent.yaml");

        Run run = run("validate", missing.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertEquals("error: " + missing + ": no such file", run.err.strip());
    }

    @Test
    void aMetricsPathInAMissingFolderExitsWithTwoBeforeTraining() {
        Path metrics = folder.resolve("absent/metrics.jsonl");

        Run run = run("train", DOCUMENT, "--metrics", metrics.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.code);
        assertTrue(run.err.startsWith("error: --metrics " + metrics + ": the folder "), run.err);
        assertEquals("", run.out);
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}

package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nn's output off a terminal (a pipe, a file, CI), through the packaged CLI: plain lines, no carriage returns, no
 * escape codes; the data-reading lines; help; a reader that closes the pipe early; a signal's lines before the lines
 * saying what was saved, in the one stream a log gets with {@code 2>&1}.
 */
final class PlainOutputIT {
    private static final int SIGINT = 2;

    @TempDir
    Path dir;

    @Test
    void trainingOnAFileSaysItReadsTheDataAndPrintsPlainLines() {
        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/iris.yaml");

        assertEquals(0, train.exitCode(), train::describe);
        assertPlain(train);
        List<String> lines = train.stdoutLines();
        assertEquals("reading data/iris.csv (3.9 kB) ...", lines.get(0), train::describe);
        assertTrue(lines.get(1).matches("read data/iris\\.csv \\(3\\.9 kB\\) in \\d+\\.\\d\\d s"), lines.get(1));
        assertTrue(lines.get(2).matches("epoch   1/100  loss \\d\\.\\d{10}  accuracy \\d\\.\\d{4}  val_loss "
                + "\\d\\.\\d{10}  val_accuracy \\d\\.\\d{4}  \\d+\\.\\d\\d s"), "whole, with the epoch's time, wider "
                + "than any terminal: " + lines.get(2));
        assertEquals(103, lines.size(), train::describe);
    }

    @Test
    void helpAndTheCompletionScriptArePlainText() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"help", "train"}, new String[] {"--help"},
                new String[] {"train", "--help"}, new String[] {"completion"})) {
            NnProcess.Result run = NnProcess.inRepository().run(args);

            assertEquals(0, run.exitCode(), run::describe);
            assertPlain(run);
            assertFalse(run.stdout().isBlank(), run::describe);
        }
        NnProcess.Result help = NnProcess.inRepository().run("help", "train");
        assertTrue(help.stdout().startsWith("Usage: nn train "), help::describe);
        assertEquals(NnProcess.inRepository().run("train", "--help").stdout(), help.stdout());
        assertTrue(NnProcess.inRepository().run("help").stdout().contains("  help  "), "help lists itself");
    }

    @Test
    void aReaderThatClosesThePipeEarlyEndsNnQuietlyWithExit0() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash for PIPESTATUS");
        NnProcess.Result trained = NnProcess.inRepository().run("train", "examples/iris.yaml", "--save",
                dir.resolve("iris.nn").toString());
        assertEquals(0, trained.exitCode(), trained::describe);
        // 60,000 rows of predictions, far more than a pipe holds: nn is still writing when head has gone.
        List<String> iris = Files.readAllLines(NnProcess.repository().resolve("examples/data/iris.csv"));
        StringBuilder big = new StringBuilder(iris.get(0)).append('\n');
        for (int i = 0; i < 400; i++) {
            iris.subList(1, iris.size()).forEach(row -> big.append(row).append('\n'));
        }
        Files.writeString(dir.resolve("big.csv"), big);
        Path script = Files.writeString(dir.resolve("head.sh"), """
                #!/bin/bash
                "$NN" predict iris.nn --input big.csv | head -1
                echo "nn exited ${PIPESTATUS[0]}"
                """);

        NnProcess.Result run = NnProcess.in(dir).env("NN", NnProcess.distribution().resolve("bin/nn").toString())
                .runProgram(Path.of("/bin/bash"), script.toString());

        assertEquals(List.of("p_setosa,p_versicolor,p_virginica,predicted", "nn exited 0"), run.stdoutLines(),
                run::describe);
        assertEquals("", run.stderr(), "nothing said about the closed pipe: " + run.describe());
    }

    @Test
    void aSignalIsNamedBeforeTheLinesThatSayWhatWasSaved() throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), """
                name: endless
                seed: 1
                input: 3
                layers:
                  - units: 8
                    activation: tanh
                  - units: 3
                    activation: softmax
                loss: cross_entropy
                optimizer: sgd
                training:
                  epochs: 100000000
                  batch_size: 2
                data:
                  train:
                    inputs: [[0.2, 0.4, 0.1], [0.7, 0.3, 0.8], [0.1, 0.9, 0.5], [0.6, 0.6, 0.2]]
                    targets: [[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]
                """);
        NnProcess.Result run;
        // stderr into stdout, as a log or a terminal shows them: one stream, in the order written
        try (BackgroundNn nn = BackgroundNn.startUnder(List.of("sh", "-c", "exec \"$0\" \"$@\" 2>&1"), dir, "train",
                "spec.yaml", "--save", "model.yaml", "--metrics", "m.jsonl")) {
            Assumptions.assumeFalse(nn.ignores(SIGINT), "started from a background job, whose children inherit "
                    + "SIGINT ignored; Java cannot handle a signal ignored at its start");
            nn.awaitWhileRunning("epoch 3", Duration.ofSeconds(60), () -> nn.stdoutSoFar().contains("epoch "
                    + "        3/100000000"));
            nn.signal("INT");
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        String text = run.stdout();
        int stopping = text.indexOf("\nSIGINT: stopping after the current batch (again to quit at once)\n");
        int stopped = text.indexOf("\nSIGINT: stopped after epoch ");
        int summary = text.indexOf("\ntrained endless (3-8-3) for ");
        int metrics = text.indexOf("\nmetrics written to m.jsonl\n");
        int saved = text.indexOf("\nmodel saved to model.yaml\n");
        assertTrue(stopping > 0 && stopped > stopping && summary > stopped && metrics > summary && saved > metrics,
                run::describe);
        assertFalse(text.substring(saved).contains("interrupted"), "nothing after the saved lines: " + text
                .substring(saved));
        assertPlain(run);
    }

    /** No carriage return and no escape code in either stream. */
    private static void assertPlain(NnProcess.Result run) {
        for (String text : List.of(run.stdout(), run.stderr())) {
            assertFalse(text.contains("\r"), "a carriage return: " + run.describe());
            assertFalse(text.contains("\u001b"), "an escape code: " + run.describe());
        }
    }
}

package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} and {@code evaluate} never present NaN or infinite outputs as predictions: the samples are named
 * with their lines, the exit code is 1 and nothing is written, unless {@code predict --allow-nonfinite} asks for
 * them marked.
 */
final class NonFiniteOutputsIT {
    /** A classifier whose first unit's weights overflow: softmax of infinities is NaN. */
    private static final String OVERFLOWING_CLASSIFIER = """
            input: 2
            layers:
              - units: 2
                activation: softmax
                weights: [[1e308, 1e308], [0.5, -0.5]]
                bias: [0.0, 0.0]
            loss: cross_entropy
            optimizer: sgd
            training:
              epochs: 1
            """;
    private static final String LINEAR = """
            input: 2
            layers:
              - units: 1
                weights: [[10, 1]]
                bias: [0.0]
            loss: mse
            optimizer: sgd
            training:
              epochs: 1
            """;

    @TempDir
    Path dir;

    @Test
    void nanOutputsAreNamedWithTheirLinesAndNothingIsWritten() throws IOException {
        Files.writeString(dir.resolve("model.yaml"), OVERFLOWING_CLASSIFIER);
        Files.writeString(dir.resolve("in.csv"), "a,b\n1,1\n0.5,0.25\n\n2,3\n-1,-1\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", "model.yaml", "--input", "in.csv", "--output",
                "out.csv");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertEquals("error: model.yaml gives NaN or infinite outputs for 2 of 4 samples of in.csv: samples 1 (line 2), "
                + "3 (line 5); nothing written (to write them anyway, marked, give --allow-nonfinite)",
                run.stderr().strip());
        assertFalse(Files.exists(dir.resolve("out.csv")), run::describe);
    }

    @Test
    void allowedNonFiniteOutputsAreWrittenMarkedWithoutAPredictedClass() throws IOException {
        Files.writeString(dir.resolve("model.yaml"), OVERFLOWING_CLASSIFIER);
        Files.writeString(dir.resolve("in.csv"), "a,b\n1,1\n0.5,0.25\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", "model.yaml", "--input", "in.csv",
                "--allow-nonfinite");

        assertEquals(0, run.exitCode(), run::describe);
        List<String> lines = run.stdout().lines().toList();
        assertEquals("p_0,p_1,predicted", lines.get(0));
        assertEquals("NaN,NaN,", lines.get(1));
        assertTrue(lines.get(2).endsWith(",0"), run::describe);
        assertTrue(run.stderr().startsWith("warning: model.yaml gives NaN or infinite outputs for 1 of 2 samples of "
                + "in.csv: sample 1 (line 2); written as NaN or Infinity with no predicted class"), run::describe);
    }

    @Test
    void hugeInputsThatOverflowAreNamedAndTheRestCounted() throws IOException {
        Files.writeString(dir.resolve("model.yaml"), LINEAR);
        StringBuilder csv = new StringBuilder("x1,x2\n0.5,0.5\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i % 2 == 0 ? "1e308,0\n" : "-1e308,1\n");
        }
        Files.writeString(dir.resolve("big.csv"), csv);

        NnProcess.Result run = NnProcess.in(dir).run("predict", "model.yaml", "--input", "big.csv");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(run.stderr().startsWith("error: model.yaml gives NaN or infinite outputs for 50 of 51 samples of "
                + "big.csv: samples 2 (line 3), 3 (line 4), "), run::describe);
        assertTrue(run.stderr().contains(", 11 (line 12) (and 40 more); nothing written"), run::describe);
    }

    @Test
    void evaluateRefusesToMeasureNonFiniteOutputs() throws IOException {
        Files.writeString(dir.resolve("model.yaml"), OVERFLOWING_CLASSIFIER);
        Files.writeString(dir.resolve("labelled.csv"), "a,b,label\n0.5,0.25,1\n1,1,0\n");

        NnProcess.Result run = NnProcess.in(dir).run("evaluate", "model.yaml", "--data", "labelled.csv", "--label",
                "label");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertEquals("error: model.yaml gives NaN or infinite outputs for 1 of 2 samples of labelled.csv: sample 2; "
                + "no metrics computed", run.stderr().strip());
    }
}

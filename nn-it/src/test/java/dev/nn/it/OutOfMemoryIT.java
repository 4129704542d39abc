package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running out of heap, wherever it happens, is one line naming the heap nn may use and how to raise it, exit code 1,
 * no stack trace; a network whose parameters cannot fit is refused when the spec is checked, with the estimate.
 */
final class OutOfMemoryIT {
    private static final String SMALL_HEAP = "-Xmx64m";
    private static final Pattern OUT_OF_MEMORY = Pattern.compile("error: out of memory \\(nn may use at most \\d+ MB "
            + "of heap\\): give it more, e.g. NN_JAVA_OPTS=-Xmx\\d+g");

    @TempDir
    Path dir;

    @Test
    void dataThatDoesNotFitTheHeapIsOneMessage() throws IOException {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("a,b,c,d,label\n");
            for (int i = 0; i < 1_500_000; i++) {
                out.write(i % 7 + ".25," + i % 5 + ".5,1.75,0.125," + "xyz".charAt(i % 3) + "\n");
            }
        }
        Files.writeString(dir.resolve("spec.yaml"), """
                input: 4
                layers:
                  - units: 3
                    activation: softmax
                loss: cross_entropy
                optimizer: adam
                training:
                  epochs: 1
                  batch_size: 32
                data:
                  train: {format: csv, path: big.csv, label: label}
                """);

        NnProcess.Result run = smallHeap().run("train", "spec.yaml", "--save", "model.yaml");

        assertOutOfMemory(run);
        assertFalse(Files.exists(dir.resolve("model.yaml")), run::describe);
    }

    @Test
    void aPlotThatDoesNotFitTheHeapIsOneMessageAndWritesNothing() throws IOException {
        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/document.yaml", "--metrics",
                dir.resolve("m.jsonl").toString());
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result run = smallHeap().run("plot", "m.jsonl", "-o", "huge.png", "--width", "10000", "--height",
                "10000");

        assertOutOfMemory(run);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("m.jsonl"), files.map(f -> f.getFileName().toString()).toList(), run::describe);
        }
    }

    @Test
    void unitsBeyondAnyHeapAreRefusedWithTheEstimate() throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), spec(4, 500_000_000));

        NnProcess.Result run = NnProcess.in(dir).run("validate", "spec.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().startsWith("error: spec.yaml:3:5: layers[0].units: the network needs about "),
                run::describe);
        assertTrue(run.stderr().contains(" GB (4.0e9 parameters with gradients and adam's state) but nn may use at "
                + "most "), run::describe);
        assertTrue(run.stderr().contains(": use fewer units, or give it more, e.g. NN_JAVA_OPTS=-Xmx"),
                run::describe);
        assertFalse(run.stderr().contains("\tat "), run::describe);
    }

    @Test
    void aPlausibleNetworkTooLargeForASmallHeapIsRefusedBeforeAllocating() throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), spec(3000, 3000));

        NnProcess.Result small = smallHeap().run("validate", "spec.yaml");
        NnProcess.Result usual = NnProcess.in(dir).run("validate", "spec.yaml");

        assertEquals(2, small.exitCode(), small::describe);
        assertEquals(1, small.stderr().strip().lines().count(), small::describe);
        assertTrue(Pattern.compile("error: spec\\.yaml:3:5: layers\\[0\\]\\.units: the network needs about \\d+ MB "
                + "\\(9\\.0e6 parameters with gradients and adam's state\\) but nn may use at most \\d+ MB: use "
                + "fewer units, or give it more, e\\.g\\. NN_JAVA_OPTS=-Xmx1g").matcher(small.stderr().strip())
                .matches(), small::describe);
        assertEquals(0, usual.exitCode(), usual::describe);
    }

    private static String spec(int input, int units) {
        return """
                input: %d
                layers:
                  - units: %d
                    activation: relu
                  - units: 3
                    activation: softmax
                loss: cross_entropy
                optimizer: adam
                training:
                  epochs: 1
                """.formatted(input, units);
    }

    private NnProcess smallHeap() {
        return NnProcess.in(dir).env("NN_JAVA_OPTS", SMALL_HEAP);
    }

    private static void assertOutOfMemory(NnProcess.Result run) {
        assertEquals(1, run.exitCode(), run::describe);
        assertTrue(OUT_OF_MEMORY.matcher(run.stderr().strip()).matches(), run::describe);
    }
}

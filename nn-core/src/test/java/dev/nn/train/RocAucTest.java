package dev.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Against {@code roc_auc_numpy.txt}, written by {@code roc_auc_numpy.py} beside it (pairwise counting, ties 1/2). */
final class RocAucTest {
    @Test
    void agreesWithPairwiseCountingIncludingTies() throws IOException {
        try (InputStream in = RocAucTest.class.getResourceAsStream("roc_auc_numpy.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
            assertEquals(4, lines.length);
            for (String line : lines) {
                String[] parts = line.split(";");
                double expected = Double.parseDouble(parts[0].trim());
                double[] scores = Arrays.stream(parts[1].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
                String[] labels = parts[2].trim().split(" ");
                boolean[] positive = new boolean[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    positive[i] = labels[i].equals("1");
                }

                assertEquals(expected, RocAuc.of(scores, positive), 1e-15, line);
            }
        }
    }

    @Test
    void isUndefinedWhenEverySampleIsOfOneClass() {
        assertTrue(Double.isNaN(RocAuc.of(new double[] {0.2, 0.9}, new boolean[] {true, true})));
    }
}

package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code nn predict} and {@code nn evaluate} print, independently of the platform's classes. Class names
 * in the tests hold no commas or quotes, so a CSV line splits on commas.
 */
final class PredictOutputs {
    private static final Pattern LOSS = Pattern.compile("(?m)^loss +(\\d+\\.\\d{10})$");
    private static final Pattern ACCURACY = Pattern.compile("(?m)^accuracy +(\\d\\.\\d{4}) \\((\\d+) of (\\d+)\\)$");

    private PredictOutputs() {
    }

    /**
     * The CSV {@code nn predict} writes.
     *
     * @param header the header's fields
     * @param outputs one row of output values per sample
     * @param predicted the predicted class per sample; empty for regression
     */
    record Predictions(List<String> header, List<double[]> outputs, List<String> predicted) {
    }

    /** Parses predict's CSV: a classifier's when the header ends with {@code predicted}. */
    static Predictions predictions(String csv) {
        List<String> lines = csv.lines().toList();
        assertTrue(!lines.isEmpty(), "no header");
        List<String> header = List.of(lines.get(0).split(",", -1));
        boolean classifier = header.get(header.size() - 1).equals("predicted");
        int outputs = classifier ? header.size() - 1 : header.size();
        List<double[]> values = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            assertEquals(header.size(), fields.length, "fields in: " + line);
            double[] row = new double[outputs];
            for (int i = 0; i < outputs; i++) {
                row[i] = Double.parseDouble(fields[i]);
            }
            values.add(row);
            if (classifier) {
                predicted.add(fields[outputs]);
            }
        }
        return new Predictions(header, values, predicted);
    }

    /**
     * What {@code nn evaluate} printed.
     *
     * @param loss the printed loss (10 decimals)
     * @param accuracy the printed accuracy (4 decimals)
     * @param correct the samples right
     * @param total the samples evaluated
     * @param confusion per true class, the counts per predicted class, in class order
     */
    record Evaluation(double loss, double accuracy, long correct, long total, Map<String, long[]> confusion) {
        long confusionTotal() {
            return confusion.values().stream().flatMapToLong(java.util.Arrays::stream).sum();
        }

        long diagonal() {
            long sum = 0;
            int i = 0;
            for (long[] row : confusion.values()) {
                sum += row[i++];
            }
            return sum;
        }
    }

    /** Parses evaluate's report for a classifier over {@code classes}, checking the matrix header names them all. */
    static Evaluation evaluation(String stdout, List<String> classes) {
        Matcher loss = LOSS.matcher(stdout);
        assertTrue(loss.find(), "no loss line in:\n" + stdout);
        Matcher accuracy = ACCURACY.matcher(stdout);
        assertTrue(accuracy.find(), "no accuracy line in:\n" + stdout);
        List<String> lines = stdout.lines().toList();
        int start = lines.indexOf("confusion matrix (rows: true class, columns: predicted class)");
        assertTrue(start >= 0, "no confusion matrix in:\n" + stdout);
        String header = lines.get(start + 1);
        for (String name : classes) {
            assertTrue(header.contains(name), "class " + name + " not in the matrix header: " + header);
        }
        Map<String, long[]> confusion = new LinkedHashMap<>();
        for (int r = 0; r < classes.size(); r++) {
            String line = lines.get(start + 2 + r);
            String name = classes.get(r);
            assertTrue(line.startsWith(name + " "), "row " + r + " does not start with " + name + ": " + line);
            String[] counts = line.substring(name.length()).trim().split(" +");
            assertEquals(classes.size(), counts.length, line);
            long[] row = new long[counts.length];
            for (int c = 0; c < counts.length; c++) {
                row[c] = Long.parseLong(counts[c]);
            }
            confusion.put(name, row);
        }
        return new Evaluation(Double.parseDouble(loss.group(1)), Double.parseDouble(accuracy.group(1)),
                Long.parseLong(accuracy.group(2)), Long.parseLong(accuracy.group(3)), confusion);
    }
}

package com.example.nnapp;

import dev.nn.api.Nn;
import dev.nn.api.NnException;
import dev.nn.api.Prediction;
import dev.nn.api.Predictor;
import dev.nn.api.TrainingOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Uses nn from Java:
 * <ul>
 *   <li>{@code predict MODEL INPUT.csv}: loads a saved model and prints, for every row of the CSV file (a header row,
 *       the model's feature columns by name), the same CSV as {@code nn predict MODEL --input INPUT.csv};</li>
 *   <li>{@code train SPEC MODEL [STOP_BELOW]}: trains the spec, printing each epoch's loss, stops once the loss is
 *       below {@code STOP_BELOW} (when given), and saves the model.</li>
 * </ul>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        try {
            if (args.length == 3 && args[0].equals("predict")) {
                predict(Path.of(args[1]), Path.of(args[2]));
            } else if ((args.length == 3 || args.length == 4) && args[0].equals("train")) {
                train(Path.of(args[1]), Path.of(args[2]),
                        args.length == 4 ? Double.parseDouble(args[3]) : Double.NEGATIVE_INFINITY);
            } else {
                System.err.println("usage: predict MODEL INPUT.csv | train SPEC MODEL [STOP_BELOW]");
                System.exit(2);
            }
        } catch (NnException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.badInput() ? 2 : 1);
        }
    }

    static void predict(Path modelFile, Path csv) throws IOException {
        try (Nn nn = Nn.create()) {                       // or Nn.builder().pluginFolder(dir).build()
            Predictor model = nn.load(modelFile);         // a model nn train --save wrote; its data is not read
            List<Prediction> predictions = model.predict(readRows(csv, model));   // raw inputs: input_scale applied
            System.out.print(asCsv(model, predictions));
        }
    }

    /** The CSV nn predict writes: p_<class> columns and the predicted class, or the regression outputs. */
    private static String asCsv(Predictor model, List<Prediction> predictions) {
        StringBuilder out = new StringBuilder();
        for (String name : model.outputNames()) {
            out.append(out.length() == 0 ? "" : ",").append(model.classifier() ? "p_" + name : name);
        }
        out.append(model.classifier() ? ",predicted\n" : "\n");
        for (Prediction prediction : predictions) {
            double[] values = prediction.values();
            for (int i = 0; i < values.length; i++) {
                out.append(i == 0 ? "" : ",").append(values[i]);
            }
            if (model.classifier()) {
                out.append(',').append(prediction.predictedClass().orElse(""));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static void train(Path spec, Path modelFile, double stopBelow) {
        try (Nn nn = Nn.create()) {
            TrainingOutcome outcome = nn.training(spec)
                    .listener((epoch, control) -> {
                        System.out.println("epoch " + epoch.epoch() + "/" + epoch.epochs() + " loss " + epoch.loss());
                        if (epoch.loss() < stopBelow) {
                            control.requestStop();
                        }
                    })
                    .saveTo(modelFile)
                    .run();
            System.out.println((outcome.stopped() ? "stopped after " : "trained for ") + outcome.epochs().size()
                    + " epochs; model saved to " + outcome.savedTo().orElseThrow());
        }
    }

    /** The rows of a CSV file with a header, the model's features picked by name (or every column, in order). */
    private static double[][] readRows(Path csv, Predictor model) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<String> features = model.features().isEmpty() ? header : model.features();
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            double[] row = new double[features.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = Double.parseDouble(cells[header.indexOf(features.get(i))].strip());
            }
            rows.add(row);
        }
        return rows.toArray(double[][]::new);
    }
}

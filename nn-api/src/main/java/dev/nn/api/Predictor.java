package dev.nn.api;

import dev.nn.model.TrainedModel;
import dev.nn.network.Network;
import dev.nn.tensor.Tensor;
import dev.nn.train.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained model, loaded by {@link Nn#load}, that predicts as {@code nn predict} does: the model's
 * {@code input_scale} is applied to every raw input, the network runs in inference mode (dropout off, batch
 * normalisation on its running statistics) in the same batches, and the outputs are named by the model's classes
 * ({@link Prediction}). The same inputs give bit-identical values to {@code nn predict}'s.
 *
 * <p>Thread-safe: predictions are computed one call at a time (the network reuses its work buffers), so threads that
 * share a predictor wait for each other; load one predictor per thread to predict in parallel. It holds no resource
 * of its own (see {@link Nn#close()}).
 */
public final class Predictor {
    private final TrainedModel model;
    private final List<String> warnings;
    private final List<String> names;
    private final int batchSize;

    Predictor(TrainedModel model, List<String> warnings) {
        this.model = model;
        this.warnings = List.copyOf(warnings);
        this.names = model.classifier() ? model.classes() : List.copyOf(model.outputNames());
        this.batchSize = Evaluator.batchSize(model.model().training().batchSize());
    }

    /** The model's name (its spec's {@code name}, else the file name without extension). */
    public String name() {
        return model.model().name();
    }

    /** The number of inputs a sample has. */
    public int inputSize() {
        return model.model().network().inputSize();
    }

    /** The input features by name, in input order, when the training data named them (CSV); else empty. */
    public List<String> features() {
        return model.features();
    }

    /** The factor applied to every raw input before the network sees it (the training data's {@code scale}). */
    public double inputScale() {
        return model.inputScale();
    }

    /** Whether the model is a classifier (its predictions have a class). */
    public boolean classifier() {
        return model.classifier();
    }

    /** The classes of a classifier, in output order; empty for regression. */
    public List<String> classes() {
        return model.classes();
    }

    /** The names of a prediction's values: {@link #classes()} for a classifier, else the output names. */
    public List<String> outputNames() {
        return names;
    }

    /** What {@code nn} would warn about when loading the model (e.g. a plugin that changed), one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Predicts one sample.
     *
     * @param inputs the raw inputs (before {@link #inputScale()}), in input order ({@link #features()})
     * @throws IllegalArgumentException when there are not {@link #inputSize()} inputs
     */
    public Prediction predict(double... inputs) {
        Objects.requireNonNull(inputs, "inputs is null");
        return predict(new double[][] {inputs}).get(0);
    }

    /**
     * Predicts every sample, one prediction per row, in order.
     *
     * @param rows the raw inputs of each sample (before {@link #inputScale()}); not modified
     * @throws IllegalArgumentException when a row does not have {@link #inputSize()} inputs, naming it
     */
    public List<Prediction> predict(double[][] rows) {
        Objects.requireNonNull(rows, "rows is null");
        int inputs = inputSize();
        for (int r = 0; r < rows.length; r++) {
            Objects.requireNonNull(rows[r], "rows[" + r + "] is null");
            if (rows[r].length != inputs) {
                throw new IllegalArgumentException("rows[" + r + "] has " + rows[r].length + " values but " + name()
                        + " takes " + inputs + " inputs" + (features().isEmpty() ? "" : " " + features()));
            }
        }
        double[] outputs = outputs(rows);
        int width = model.model().network().outputSize();
        List<Prediction> predictions = new ArrayList<>(rows.length);
        for (int r = 0; r < rows.length; r++) {
            predictions.add(prediction(outputs, r * width, width));
        }
        return List.copyOf(predictions);
    }

    /** The network's outputs for every row, row-major, computed in {@code nn predict}'s batches. */
    private synchronized double[] outputs(double[][] rows) {
        Network network = model.model().network();
        int columns = network.inputSize();
        int width = network.outputSize();
        double scale = model.inputScale();
        double[] values = new double[Math.multiplyExact(rows.length, width)];
        Tensor batch = null;
        for (int start = 0; start < rows.length; start += batchSize) {
            int size = Math.min(batchSize, rows.length - start);
            if (batch == null || batch.rows() != size) {
                batch = Tensor.zeros(size, columns);
            }
            double[] data = batch.data();
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < columns; c++) {
                    data[r * columns + c] = rows[start + r][c] * scale;
                }
            }
            System.arraycopy(network.forward(batch).data(), 0, values, start * width, size * width);
        }
        return values;
    }

    private Prediction prediction(double[] outputs, int offset, int width) {
        boolean finite = true;
        for (int c = 0; c < width; c++) {
            finite &= Double.isFinite(outputs[offset + c]);
        }
        if (model.binary()) {
            double second = outputs[offset];
            return new Prediction(names, new double[] {1.0 - second, second}, !finite ? -1 : second > 0.5 ? 1 : 0);
        }
        double[] values = new double[width];
        System.arraycopy(outputs, offset, values, 0, width);
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (values[c] > values[best]) {
                best = c;
            }
        }
        return new Prediction(names, values, model.classifier() && finite ? best : -1);
    }
}

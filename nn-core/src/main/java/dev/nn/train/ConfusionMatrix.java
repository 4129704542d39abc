package dev.nn.train;

import dev.nn.data.Batches;
import dev.nn.data.DataSet;
import dev.nn.network.Network;
import dev.nn.spi.ForwardContext;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (true class, predicted class) pairs for a classifier, and the per-class precision, recall and F1 they
 * give. A sample's true class is where its one-hot target has its 1; its predicted class is the network's largest
 * output, the first on ties, as {@link Trainer} counts accuracy.
 *
 * <p>Precision of class {@code c} is {@code count(c, c) / (samples predicted c)}, recall is
 * {@code count(c, c) / (samples of class c)}, F1 their harmonic mean; each is {@code NaN} when its denominator is 0
 * (a class never predicted, or absent from the data). Not thread-safe.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    /** An empty matrix over {@code classes}, in output order. */
    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        if (this.classes.isEmpty()) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        this.counts = new long[this.classes.size()][this.classes.size()];
    }

    /**
     * The confusion matrix of {@code network} on {@code data}, forward passes of {@code batchSize} rows.
     *
     * @param classes the class of each output; the data's targets must have that many columns and be one-hot, or
     *     be {@link DataSet#binary() binary} for two classes (an output above 0.5 predicts the second)
     */
    public static ConfusionMatrix of(Network network, DataSet data, List<String> classes, int batchSize) {
        Objects.requireNonNull(network, "network is null");
        Objects.requireNonNull(data, "data is null");
        if (!data.labelled()) {
            throw new IllegalArgumentException("a confusion matrix needs one-hot targets (class labels)");
        }
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        Batches batches = new Batches(data, batchSize);
        ForwardContext series = ForwardContext.inferenceOverFixedParameters();
        for (int b = 0; b < batches.count(); b++) {
            batches.fill(b, null);
            Tensor predictions = network.forward(batches.inputs(), series);
            if (data.binary()) {
                double[] p = predictions.data();
                double[] t = batches.targets().data();
                for (int r = 0; r < p.length; r++) {
                    matrix.add(t[r] == 1.0 ? 1 : 0, p[r] > 0.5 ? 1 : 0);
                }
            } else {
                matrix.add(predictions, batches.targets());
            }
        }
        return matrix;
    }

    /**
     * Adds one sample per row: the first largest target column is the true class, the first largest prediction
     * the predicted class.
     *
     * @throws IllegalArgumentException when the shapes differ from each other or from the number of classes
     */
    public void add(Tensor predictions, Tensor targets) {
        predictions.requireSameShape(targets, "confusion matrix targets");
        if (predictions.columns() != classes.size()) {
            throw new IllegalArgumentException("predictions " + predictions.shape() + " have " + predictions.columns()
                    + " columns but the matrix has " + classes.size() + " classes");
        }
        for (int r = 0; r < predictions.rows(); r++) {
            add(argMax(targets, r), argMax(predictions, r));
        }
    }

    /** Adds one sample of class {@code actual} predicted as {@code predicted}. */
    public void add(int actual, int predicted) {
        Objects.checkIndex(actual, classes.size());
        Objects.checkIndex(predicted, classes.size());
        counts[actual][predicted]++;
    }

    /** The first column holding the row's largest value. */
    static int argMax(Tensor values, int row) {
        double[] data = values.data();
        int offset = row * values.columns();
        int best = 0;
        for (int c = 1; c < values.columns(); c++) {
            if (data[offset + c] > data[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    public List<String> classes() {
        return classes;
    }

    /** The samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Every sample counted. */
    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    /** The samples on the diagonal. */
    public long correct() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return correct;
    }

    /** {@link #correct()} / {@link #total()}; {@code NaN} when empty. */
    public double accuracy() {
        return ratio(correct(), total());
    }

    /** The samples whose true class is {@code actual} (the row sum). */
    public long support(int actual) {
        long support = 0;
        for (long count : counts[actual]) {
            support += count;
        }
        return support;
    }

    /** The samples predicted as {@code predicted} (the column sum). */
    public long predicted(int predicted) {
        long total = 0;
        for (long[] row : counts) {
            total += row[predicted];
        }
        return total;
    }

    /** Of the samples predicted as class {@code c}, the fraction that are {@code c}; {@code NaN} if none were. */
    public double precision(int c) {
        return ratio(counts[c][c], predicted(c));
    }

    /** Of the samples of class {@code c}, the fraction predicted as {@code c}; {@code NaN} if there are none. */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /**
     * The harmonic mean of precision and recall, {@code 2 tp / (2 tp + fp + fn)}; {@code NaN} when the class is
     * neither present nor predicted.
     */
    public double f1(int c) {
        long truePositives = counts[c][c];
        return ratio(2 * truePositives, support(c) + predicted(c));
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}

package dev.nn.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a model predicts for one sample: one value per name, as {@code nn predict} writes them. For a classifier the
 * names are the classes and the values their probabilities (for two classes on one output, {@code 1 - y} and
 * {@code y}), with the predicted class the most probable one, the first on ties (for one output: the second class
 * when {@code y > 0.5}); for regression the names are the outputs' ({@code y0, y1, ...} or the training data's
 * {@code targets}) and there is no predicted class. Immutable and thread-safe.
 */
public final class Prediction {
    private final List<String> names;
    private final double[] values;
    private final int predicted;

    /**
     * @param names shared, already immutable
     * @param values owned by this prediction
     * @param predicted the index of the predicted class, or -1
     */
    Prediction(List<String> names, double[] values, int predicted) {
        this.names = names;
        this.values = values;
        this.predicted = predicted;
    }

    /** The class names for a classifier, else the output names; in the order of {@link #values()}. */
    public List<String> names() {
        return names;
    }

    /** A copy of the values: class probabilities for a classifier, the outputs for regression. */
    public double[] values() {
        return values.clone();
    }

    /** The value of {@code names().get(index)}. */
    public double value(int index) {
        return values[index];
    }

    /**
     * The value named {@code name}.
     *
     * @throws IllegalArgumentException when the model has no output of that name, listing the names it has
     */
    public double value(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no output '" + name + "'; the outputs are " + names);
        }
        return values[index];
    }

    /** Whether every value is finite; a sample with a NaN or infinite value has no predicted class. */
    public boolean finite() {
        return Arrays.stream(values).allMatch(Double::isFinite);
    }

    /** The index of the predicted class; empty for regression and when a value is not finite. */
    public OptionalInt predictedIndex() {
        return predicted < 0 ? OptionalInt.empty() : OptionalInt.of(predicted);
    }

    /** The predicted class; empty for regression and when a value is not finite. */
    public Optional<String> predictedClass() {
        return predicted < 0 ? Optional.empty() : Optional.of(names.get(predicted));
    }

    /** e.g. {@code setosa (setosa=0.99985, versicolor=1.45E-4, virginica=8.96E-13)}, values in full. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(predictedClass().map(c -> c + " ").orElse("")).append('(');
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(values[i]);
        }
        return text.append(')').toString();
    }
}

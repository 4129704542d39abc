package dev.nn.losses;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;

/**
 * Categorical cross-entropy: {@code L = -(1/batch) sum_{rows, classes} t log(max(y, 1e-15))}, gradient
 * {@code dL/dy = -t / (batch * max(y, 1e-15))}, and exactly {@code 0} where {@code t = 0}.
 *
 * <p>Predictions are clipped below at {@link #MIN_PROBABILITY} ({@code 1e-15}) so that a saturated softmax output
 * (a probability that underflowed to exactly {@code 0}) gives a large finite loss instead of infinity; terms with
 * {@code t = 0} are skipped. The gradient uses the same clipping; it is not the derivative of the clipped function
 * (which is flat below the clip) but that of {@code -t log y} at the clip, so it still pushes such predictions up.
 *
 * <p>After a softmax output layer, {@link #gradientBeforeActivation} gives dL/dz directly:
 * {@code (y_i * sum_j t_j - t_i) / batch} per row, which is {@code (y - t) / batch} when the targets of the row sum
 * to 1 (one-hot or any distribution). This is the exact derivative of the unclipped loss through softmax, and it
 * stays accurate when a probability underflows, where chaining the clipped gradient through softmax would not.
 */
public final class CrossEntropy implements Loss {
    /** The smallest prediction the logarithm sees. */
    public static final double MIN_PROBABILITY = 1e-15;

    private static final LossProperties PROPERTIES =
            new LossProperties(new Range(0, false, 1, true), Range.closed(0, 1), true);

    @Override
    public double value(Tensor predictions, Tensor targets) {
        predictions.requireSameShape(targets, "cross_entropy targets");
        int batch = predictions.rows();
        if (batch == 0) {
            return 0.0;
        }
        double[] y = predictions.data();
        double[] t = targets.data();
        double sum = 0.0;
        for (int i = 0; i < y.length; i++) {
            if (t[i] != 0) {
                sum -= t[i] * Math.log(Math.max(y[i], MIN_PROBABILITY));
            }
        }
        return sum / batch;
    }

    @Override
    public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
        predictions.requireSameShape(targets, "cross_entropy targets");
        predictions.requireSameShape(gradient, "cross_entropy gradient");
        double[] y = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        int batch = predictions.rows();
        for (int i = 0; i < y.length; i++) {
            g[i] = t[i] == 0 ? 0.0 : -t[i] / (batch * Math.max(y[i], MIN_PROBABILITY));
        }
    }

    /**
     * When {@code activation} is softmax, writes dL/dz {@code = (y_i * sum_j t_j - t_i) / batch} for each row and
     * returns {@code true}; otherwise writes nothing and returns {@code false}.
     */
    @Override
    public boolean gradientBeforeActivation(
            ActivationProperties activation, Tensor predictions, Tensor targets, Tensor gradient) {
        requireNonNull(activation, "activation is null");
        if (!activation.softmax()) {
            return false;
        }
        predictions.requireSameShape(targets, "cross_entropy targets");
        predictions.requireSameShape(gradient, "cross_entropy gradient");
        double[] y = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        int batch = predictions.rows();
        int columns = predictions.columns();
        for (int start = 0; start < y.length; start += columns) {
            int end = start + columns;
            double targetSum = 0.0;
            for (int i = start; i < end; i++) {
                targetSum += t[i];
            }
            for (int i = start; i < end; i++) {
                g[i] = (y[i] * targetSum - t[i]) / batch;
            }
        }
        return true;
    }

    @Override
    public LossProperties properties() {
        return PROPERTIES;
    }
}

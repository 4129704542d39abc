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
 *
 * <p>With class weights {@code w} (one per column), as PyTorch's {@code CrossEntropyLoss(weight=w)}: each row's
 * terms are scaled by {@code w_c} and the sum is divided by the total weight of the batch,
 * {@code sum_rows sum_c w_c t_c}, instead of by {@code batch}; for one-hot targets that is
 * {@code sum_i w[y_i] loss_i / sum_i w[y_i]}. The gradients carry the same weights and divisor (after softmax:
 * {@code (y_i * sum_j w_j t_j - w_i t_i) / W}). A batch of total weight 0 has loss 0 and gradient 0.
 */
public final class CrossEntropy implements Loss {
    /** The smallest prediction the logarithm sees. */
    public static final double MIN_PROBABILITY = 1e-15;

    private static final LossProperties PROPERTIES =
            new LossProperties(new Range(0, false, 1, true), Range.closed(0, 1), true);

    /** One weight per class, or {@code null}: unweighted, divided by the batch size. */
    private final double[] weights;

    /** Unweighted. */
    public CrossEntropy() {
        this.weights = null;
    }

    /**
     * @param weights one finite weight {@code >= 0} per class (output column); copied
     */
    public CrossEntropy(double[] weights) {
        for (double w : weights) {
            if (!(w >= 0 && Double.isFinite(w))) {
                throw new IllegalArgumentException("class weights must be finite and >= 0: " + w);
            }
        }
        this.weights = weights.clone();
    }

    /** The weight of element {@code i}'s class (its column), 1 when unweighted. */
    private double weight(int i, int columns) {
        if (weights == null) {
            return 1.0;
        }
        if (columns != weights.length) {
            throw new IllegalArgumentException("cross_entropy has " + weights.length + " class weights but the "
                    + "predictions have " + columns + " columns");
        }
        return weights[i % columns];
    }

    /** The divisor of float32 targets, summed in float as the float32 reference does. */
    private float divisor(Tensor predictions, float[] t) {
        if (weights == null) {
            return predictions.rows();
        }
        float total = 0f;
        for (int i = 0; i < t.length; i++) {
            total += (float) weight(i, predictions.columns()) * t[i];
        }
        return total;
    }

    /** The divisor: the batch size unweighted, else the total weight {@code sum w_c t_c}. */
    private double divisor(Tensor predictions, double[] t) {
        if (weights == null) {
            return predictions.rows();
        }
        double total = 0.0;
        for (int i = 0; i < t.length; i++) {
            total += weight(i, predictions.columns()) * t[i];
        }
        return total;
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        predictions.requireSameShape(targets, "cross_entropy targets");
        if (predictions.isFloat32()) {
            float[] y = predictions.floatData();
            float[] t = targets.floatData();
            double divisor = divisor(predictions, t);
            if (predictions.rows() == 0 || divisor == 0) {
                return 0.0;
            }
            int columns = predictions.columns();
            double sum = 0.0;
            for (int i = 0; i < y.length; i++) {
                if (t[i] != 0) {
                    sum -= weight(i, columns) * t[i] * Math.log(Math.max(y[i], MIN_PROBABILITY));
                }
            }
            return sum / divisor;
        }
        double[] y = predictions.data();
        double[] t = targets.data();
        double divisor = divisor(predictions, t);
        if (predictions.rows() == 0 || divisor == 0) {
            return 0.0;
        }
        int columns = predictions.columns();
        double sum = 0.0;
        for (int i = 0; i < y.length; i++) {
            if (t[i] != 0) {
                sum -= weight(i, columns) * t[i] * Math.log(Math.max(y[i], MIN_PROBABILITY));
            }
        }
        return sum / divisor;
    }

    @Override
    public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
        predictions.requireSameShape(targets, "cross_entropy targets");
        predictions.requireSameShape(gradient, "cross_entropy gradient");
        if (predictions.isFloat32()) {
            float[] y = predictions.floatData();
            float[] t = targets.floatData();
            float[] g = gradient.floatData();
            float divisor = divisor(predictions, t);
            int columns = predictions.columns();
            for (int i = 0; i < y.length; i++) {
                g[i] = t[i] == 0 || divisor == 0 ? 0f
                        : -(float) weight(i, columns) * t[i] / (divisor * Math.max(y[i], (float) MIN_PROBABILITY));
            }
            return;
        }
        double[] y = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        double divisor = divisor(predictions, t);
        int columns = predictions.columns();
        for (int i = 0; i < y.length; i++) {
            g[i] = t[i] == 0 || divisor == 0 ? 0.0
                    : -weight(i, columns) * t[i] / (divisor * Math.max(y[i], MIN_PROBABILITY));
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
        if (predictions.isFloat32()) {
            float[] y = predictions.floatData();
            float[] t = targets.floatData();
            float[] g = gradient.floatData();
            float divisor = divisor(predictions, t);
            int columns = predictions.columns();
            for (int start = 0; start < y.length; start += columns) {
                int end = start + columns;
                float targetSum = 0f;
                for (int i = start; i < end; i++) {
                    targetSum += (float) weight(i, columns) * t[i];
                }
                for (int i = start; i < end; i++) {
                    g[i] = divisor == 0 ? 0f : (y[i] * targetSum - (float) weight(i, columns) * t[i]) / divisor;
                }
            }
            return true;
        }
        double[] y = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        double divisor = divisor(predictions, t);
        int columns = predictions.columns();
        for (int start = 0; start < y.length; start += columns) {
            int end = start + columns;
            double targetSum = 0.0;
            for (int i = start; i < end; i++) {
                targetSum += weight(i, columns) * t[i];
            }
            for (int i = start; i < end; i++) {
                g[i] = divisor == 0 ? 0.0 : (y[i] * targetSum - weight(i, columns) * t[i]) / divisor;
            }
        }
        return true;
    }

    @Override
    public LossProperties properties() {
        return PROPERTIES;
    }

    /**
     * Computes in float32 on float32 tensors: the gradient in float arithmetic; the value (a report, not part of the
     * update) summed in double from the float elements.
     */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}

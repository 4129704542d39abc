package dev.nn.losses;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;

/**
 * Binary cross-entropy, as PyTorch's {@code BCELoss}: per element
 * {@code l = -(w1 t log p + w0 (1 - t) log(1 - p))}, each logarithm clamped below at {@value #MIN_LOG}, and
 * {@code L} the mean of {@code l} over the batch and the outputs (several sigmoid outputs are independent labels).
 *
 * <p>The class weights {@code [w0, w1]} (default {@code [1, 1]}) weigh the negative and the positive term. For 0/1
 * targets this is torch's {@code BCELoss(weight=w[t])}: each element scaled by the weight of its class and the plain
 * mean taken (not divided by the sum of weights, unlike {@link CrossEntropy}); {@code [1, k]} is
 * {@code BCEWithLogitsLoss(pos_weight=k)}.
 *
 * <p>The gradient is {@code dL/dp = (w0 (1 - t) p - w1 t (1 - p)) / (n max(p (1 - p), 1e-12f))}, torch's form
 * (its bound is the float {@code 1e-12f}). After
 * a sigmoid output, {@link #gradientBeforeActivation} gives {@code dL/dz = (w0 (1 - t) p - w1 t (1 - p)) / n}
 * ({@code (p - t) / n} unweighted), exact even where {@code p} rounds to 0 or 1. The value is computed from
 * {@code p}, which is all the loss sees: it is exact where {@code 1 - p} is representable and reaches the clamp
 * ({@code 100} per element) only where a sigmoid output rounds to exactly 0 or 1.
 */
public final class BinaryCrossEntropy implements Loss {
    /** The smallest value a logarithm contributes, as torch. */
    public static final double MIN_LOG = -100.0;

    /** torch's {@code EPSILON}, a float {@code 1e-12f} also in double precision. */
    private static final double MIN_DENOMINATOR = 1e-12f;
    private static final LossProperties PROPERTIES =
            new LossProperties(Range.closed(0, 1), Range.closed(0, 1), false);

    private final double negativeWeight;
    private final double positiveWeight;

    /** Unweighted. */
    public BinaryCrossEntropy() {
        this(1.0, 1.0);
    }

    /**
     * @param negativeWeight {@code w0}, the weight of the {@code (1 - t) log(1 - p)} term, finite and {@code >= 0}
     * @param positiveWeight {@code w1}, the weight of the {@code t log p} term, finite and {@code >= 0}
     */
    public BinaryCrossEntropy(double negativeWeight, double positiveWeight) {
        if (!(negativeWeight >= 0 && Double.isFinite(negativeWeight) && positiveWeight >= 0
                && Double.isFinite(positiveWeight))) {
            throw new IllegalArgumentException("class weights must be finite and >= 0: " + negativeWeight + ", "
                    + positiveWeight);
        }
        this.negativeWeight = negativeWeight;
        this.positiveWeight = positiveWeight;
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        predictions.requireSameShape(targets, "binary_cross_entropy targets");
        if (predictions.isFloat32()) {
            float[] p = predictions.floatData();
            float[] t = targets.floatData();
            if (p.length == 0) {
                return 0.0;
            }
            double sum = 0.0;
            for (int i = 0; i < p.length; i++) {
                double positive = t[i] == 0 ? 0.0 : positiveWeight * t[i] * Math.max(Math.log(p[i]), MIN_LOG);
                double negative = t[i] == 1 ? 0.0
                        : negativeWeight * (1 - t[i]) * Math.max(Math.log1p(-p[i]), MIN_LOG);
                sum -= positive + negative;
            }
            return sum / p.length;
        }
        double[] p = predictions.data();
        double[] t = targets.data();
        if (p.length == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < p.length; i++) {
            double positive = t[i] == 0 ? 0.0 : positiveWeight * t[i] * Math.max(Math.log(p[i]), MIN_LOG);
            double negative = t[i] == 1 ? 0.0 : negativeWeight * (1 - t[i]) * Math.max(Math.log1p(-p[i]), MIN_LOG);
            sum -= positive + negative;
        }
        return sum / p.length;
    }

    @Override
    public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
        predictions.requireSameShape(targets, "binary_cross_entropy targets");
        predictions.requireSameShape(gradient, "binary_cross_entropy gradient");
        if (predictions.isFloat32()) {
            float[] p = predictions.floatData();
            float[] t = targets.floatData();
            float[] g = gradient.floatData();
            for (int i = 0; i < p.length; i++) {
                g[i] = numerator(p[i], t[i]) / (p.length * Math.max(p[i] * (1 - p[i]), (float) MIN_DENOMINATOR));
            }
            return;
        }
        double[] p = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        for (int i = 0; i < p.length; i++) {
            g[i] = numerator(p[i], t[i]) / (p.length * Math.max(p[i] * (1 - p[i]), MIN_DENOMINATOR));
        }
    }

    /**
     * When {@code activation} is the sigmoid, writes {@code dL/dz = (w0 (1 - t) p - w1 t (1 - p)) / n} and returns
     * {@code true}; otherwise writes nothing and returns {@code false}.
     */
    @Override
    public boolean gradientBeforeActivation(
            ActivationProperties activation, Tensor predictions, Tensor targets, Tensor gradient) {
        requireNonNull(activation, "activation is null");
        if (!activation.sigmoid()) {
            return false;
        }
        predictions.requireSameShape(targets, "binary_cross_entropy targets");
        predictions.requireSameShape(gradient, "binary_cross_entropy gradient");
        if (predictions.isFloat32()) {
            float[] p = predictions.floatData();
            float[] t = targets.floatData();
            float[] g = gradient.floatData();
            for (int i = 0; i < p.length; i++) {
                g[i] = numerator(p[i], t[i]) / p.length;
            }
            return true;
        }
        double[] p = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        for (int i = 0; i < p.length; i++) {
            g[i] = numerator(p[i], t[i]) / p.length;
        }
        return true;
    }

    private float numerator(float p, float t) {
        return (float) negativeWeight * (1 - t) * p - (float) positiveWeight * t * (1 - p);
    }

    private double numerator(double p, double t) {
        return negativeWeight * (1 - t) * p - positiveWeight * t * (1 - p);
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

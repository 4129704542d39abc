package dev.nn.examples;

import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;

/**
 * The Huber loss, the mean over every element of {@code h(y - t)} with
 * <pre>{@code
 *   h(d) = d^2 / 2                    for |d| <= delta
 *        = delta * (|d| - delta / 2)  otherwise
 * }</pre>
 * and gradient {@code clamp(y - t, -delta, delta) / (rows * columns)}: squared error for small errors, absolute error
 * for large ones, so outliers pull with at most {@code delta}.
 *
 * <p>As with {@code mse}, the mean runs over all elements, so it is also the mean over the batch of the per-sample
 * means. Both pieces agree in value and slope at {@code |d| = delta}, so the gradient is continuous. An empty batch
 * has loss {@code 0}.
 */
public final class Huber implements Loss {
    /** {@code delta} when a spec gives none. */
    public static final double DEFAULT_DELTA = 1.0;

    private static final LossProperties PROPERTIES = new LossProperties(Range.ALL, Range.ALL, false);

    private final double delta;

    /**
     * @param delta where the quadratic piece turns linear; finite and {@code > 0}
     * @throws IllegalArgumentException when {@code delta} is not finite or not positive
     */
    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, was " + delta);
        }
        this.delta = delta;
    }

    public double delta() {
        return delta;
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        predictions.requireSameShape(targets, "huber targets");
        double[] y = predictions.data();
        double[] t = targets.data();
        if (y.length == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < y.length; i++) {
            double d = Math.abs(y[i] - t[i]);
            sum += d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
        }
        return sum / y.length;
    }

    @Override
    public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
        predictions.requireSameShape(targets, "huber targets");
        predictions.requireSameShape(gradient, "huber gradient");
        double[] y = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - t[i];
            g[i] = Math.max(-delta, Math.min(delta, d)) / y.length;
        }
    }

    @Override
    public LossProperties properties() {
        return PROPERTIES;
    }

    @Override
    public String toString() {
        return "huber(delta=" + delta + ")";
    }
}

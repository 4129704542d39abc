package dev.nn.losses;

import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;

/**
 * Mean squared error over every element: {@code L = factor * sum (y - t)^2 / (rows * columns)}, gradient
 * {@code factor * 2 (y - t) / (rows * columns)}.
 *
 * <p>The mean is over all elements, not only over the batch, as in PyTorch's {@code MSELoss}: a network with more
 * outputs does not get a larger loss. {@code factor = 0.5} gives the textbook {@code 1/2 mean (y - t)^2}. An empty
 * batch has loss {@code 0}.
 */
public final class MeanSquaredError implements Loss {
    /** The factor when a spec gives none. */
    public static final double DEFAULT_FACTOR = 1.0;

    private static final LossProperties PROPERTIES = new LossProperties(Range.ALL, Range.ALL, false);

    private final double factor;

    /**
     * @param factor scales the loss and its gradient; finite and {@code > 0}
     * @throws IllegalArgumentException when {@code factor} is not finite or not positive
     */
    public MeanSquaredError(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be finite and > 0, was " + factor);
        }
        this.factor = factor;
    }

    public double factor() {
        return factor;
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        predictions.requireSameShape(targets, "mse targets");
        if (predictions.isFloat32()) {
            float[] y = predictions.floatData();
            float[] t = targets.floatData();
            if (y.length == 0) {
                return 0.0;
            }
            double sum = 0.0;
            for (int i = 0; i < y.length; i++) {
                double d = (double) y[i] - t[i];
                sum += d * d;
            }
            return factor * (sum / y.length);
        }
        double[] y = predictions.data();
        double[] t = targets.data();
        if (y.length == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - t[i];
            sum += d * d;
        }
        return factor * (sum / y.length);
    }

    @Override
    public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
        predictions.requireSameShape(targets, "mse targets");
        predictions.requireSameShape(gradient, "mse gradient");
        if (predictions.isFloat32()) {
            float[] y = predictions.floatData();
            float[] t = targets.floatData();
            float[] g = gradient.floatData();
            float scale = (float) (factor * 2.0 / y.length);
            for (int i = 0; i < y.length; i++) {
                g[i] = scale * (y[i] - t[i]);
            }
            return;
        }
        double[] y = predictions.data();
        double[] t = targets.data();
        double[] g = gradient.data();
        double scale = factor * 2.0 / y.length;
        for (int i = 0; i < y.length; i++) {
            g[i] = scale * (y[i] - t[i]);
        }
    }

    @Override
    public LossProperties properties() {
        return PROPERTIES;
    }

    @Override
    public String toString() {
        return "mse(factor=" + factor + ")";
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

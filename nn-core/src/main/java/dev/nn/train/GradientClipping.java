package dev.nn.train;

import dev.nn.spi.Parameter;
import java.util.List;

/**
 * Limits the gradients right before the optimizer's update, as PyTorch does: by global norm
 * ({@code torch.nn.utils.clip_grad_norm_}: the 2-norm {@code total} of every parameter's gradient norm, and every
 * gradient multiplied by {@code min(maxNorm / (total + 1e-6), 1)}) or by value ({@code clip_grad_value_}: every
 * element clamped to {@code [-maxValue, maxValue]}). A rule is one or the other, never both.
 *
 * @param maxNorm the largest global norm, &gt; 0; NaN when clipping by value or not at all
 * @param maxValue the largest absolute gradient element, &gt; 0; NaN when clipping by norm or not at all
 */
public record GradientClipping(double maxNorm, double maxValue) {
    /** No clipping. */
    public static final GradientClipping NONE = new GradientClipping(Double.NaN, Double.NaN);

    public GradientClipping {
        if (!Double.isNaN(maxNorm) && !(maxNorm > 0 && Double.isFinite(maxNorm))
                || !Double.isNaN(maxValue) && !(maxValue > 0 && Double.isFinite(maxValue))) {
            throw new IllegalArgumentException("clipping limits must be finite and > 0, were " + maxNorm + ", "
                    + maxValue);
        }
        if (!Double.isNaN(maxNorm) && !Double.isNaN(maxValue)) {
            throw new IllegalArgumentException("clip by norm or by value, not both");
        }
    }

    /** Clipping to a global norm of at most {@code maxNorm}. */
    public static GradientClipping byNorm(double maxNorm) {
        return new GradientClipping(maxNorm, Double.NaN);
    }

    /** Clipping every gradient element to {@code [-maxValue, maxValue]}. */
    public static GradientClipping byValue(double maxValue) {
        return new GradientClipping(Double.NaN, maxValue);
    }

    /** Whether this clips at all. */
    public boolean clips() {
        return !Double.isNaN(maxNorm) || !Double.isNaN(maxValue);
    }

    /** Clips the gradients of {@code parameters} in place; allocates nothing. */
    public void clip(List<Parameter> parameters) {
        if (!Double.isNaN(maxValue)) {
            for (int i = 0; i < parameters.size(); i++) {
                double[] g = parameters.get(i).gradient().data();
                for (int j = 0; j < g.length; j++) {
                    g[j] = Math.min(Math.max(g[j], -maxValue), maxValue);
                }
            }
        } else if (!Double.isNaN(maxNorm)) {
            double squares = 0.0;
            for (int i = 0; i < parameters.size(); i++) {
                double norm = norm(parameters.get(i).gradient().data());
                squares += norm * norm;
            }
            double coefficient = Math.min(maxNorm / (Math.sqrt(squares) + 1e-6), 1.0);
            for (int i = 0; i < parameters.size(); i++) {
                double[] g = parameters.get(i).gradient().data();
                for (int j = 0; j < g.length; j++) {
                    g[j] *= coefficient;
                }
            }
        }
    }

    private static double norm(double[] values) {
        double sum = 0.0;
        for (double value : values) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }
}

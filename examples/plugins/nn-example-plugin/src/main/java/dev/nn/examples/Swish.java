package dev.nn.examples;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.Range;
import java.util.List;

/**
 * Swish (also SiLU for {@code beta = 1}): {@code f(x) = x * sigmoid(beta x)}, and with {@code s = sigmoid(beta x)},
 * {@code f'(x) = s + beta x s (1 - s)}.
 *
 * <p>{@code 1 - s} is computed as {@code sigmoid(-beta x)}, which loses nothing when {@code s} is close to 1. When
 * {@code beta x} overflows to infinity, {@code s} is exactly 0 or 1 and the derivative is its limit, 0 or 1, instead
 * of {@code inf * 0 = NaN}.
 *
 * <p>The smallest value of {@code x sigmoid(x)} is {@code -0.27846...} (at {@code x = -1.27846...}), so for
 * {@code beta > 0} the outputs lie in {@code [-0.2785 / beta, inf)}; for {@code beta < 0} the function is mirrored
 * ({@code f(x) = -g(-x)} with {@code g} the swish of {@code |beta|}) and they lie in {@code (-inf, 0.2785 / |beta|]};
 * {@code beta = 0} is {@code x / 2}. The bound is rounded outward so that rounding never leaves the declared range.
 */
public final class Swish implements ElementwiseActivation, OnnxExportable {
    /** {@code beta} when a spec gives none. */
    public static final double DEFAULT_BETA = 1.0;

    /** Just above {@code -min x sigmoid(x) = 0.278464542761074}. */
    static final double MINIMUM_BOUND = 0.2785;

    private final double beta;
    private final ActivationProperties properties;

    /**
     * @param beta the slope inside the sigmoid; finite
     * @throws IllegalArgumentException when {@code beta} is not finite
     */
    public Swish(double beta) {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be finite, was " + beta);
        }
        this.beta = beta;
        this.properties = new ActivationProperties(range(beta), List.of(), false, false, "he_uniform");
    }

    public double beta() {
        return beta;
    }

    @Override
    public double value(double x) {
        return x * Logistic.sigmoid(beta * x);
    }

    @Override
    public double derivative(double x) {
        double t = beta * x;
        if (Double.isInfinite(t)) {
            return t > 0 ? 1.0 : 0.0;
        }
        double s = Logistic.sigmoid(t);
        return s + t * s * Logistic.sigmoid(-t);
    }

    /** ONNX: {@code x * sigmoid(x * beta)}, {@code beta} a constant of the graph's element type. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        String t = graph.node("Mul", input, graph.constant("beta", new long[0], beta));
        return graph.node("Mul", input, Logistic.sigmoidOnnx(t, graph));
    }

    @Override
    public ActivationProperties properties() {
        return properties;
    }

    private static Range range(double beta) {
        if (beta > 0) {
            return new Range(-MINIMUM_BOUND / beta, true, Double.POSITIVE_INFINITY, false);
        }
        if (beta < 0) {
            return new Range(Double.NEGATIVE_INFINITY, false, MINIMUM_BOUND / -beta, true);
        }
        return Range.ALL;
    }

    @Override
    public String toString() {
        return "swish(beta=" + beta + ")";
    }
}

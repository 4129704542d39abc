package dev.nn.optimizers;

import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * RMSprop, with PyTorch's update rule ({@code torch.optim.RMSprop}): {@code g <- g + weightDecay * p};
 * {@code s <- alpha s + (1 - alpha) g^2}; centered: {@code a <- alpha a + (1 - alpha) g} and
 * {@code d = sqrt(s - a^2) + epsilon}, else {@code d = sqrt(s) + epsilon}; with momentum
 * {@code b <- momentum b + g / d}, {@code p <- p - learningRate * b}, else {@code p <- p - learningRate * g / d}.
 *
 * <p>Its state: {@code square_average.<parameter position>}, with momentum {@code momentum_buffer.<position>}, when
 * centered {@code gradient_average.<position>}.
 */
public final class RmsProp implements StatefulOptimizer {
    private final double learningRate;
    private final double alpha;
    private final double epsilon;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;
    private final ParameterState squareAverages = new ParameterState("square_average");
    private final ParameterState momentumBuffers = new ParameterState("momentum_buffer");
    private final ParameterState gradientAverages = new ParameterState("gradient_average");

    public RmsProp(double learningRate, double alpha, double epsilon, double weightDecay, double momentum,
                   boolean centered) {
        this.learningRate = learningRate;
        this.alpha = alpha;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    public OptionalDouble learningRate() {
        return OptionalDouble.of(learningRate);
    }

    @Override
    public void step(List<Parameter> parameters) {
        step(parameters, learningRate);
    }

    @Override
    public void step(List<Parameter> parameters, double rate) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            double[] p = parameter.value().data();
            double[] g = parameter.gradient().data();
            double[] s = squareAverages.get(i, parameter).data();
            double[] b = momentum > 0 ? momentumBuffers.get(i, parameter).data() : null;
            double[] a = centered ? gradientAverages.get(i, parameter).data() : null;
            for (int j = 0; j < p.length; j++) {
                double gradient = weightDecay == 0.0 ? g[j] : g[j] + weightDecay * p[j];
                s[j] = alpha * s[j] + (1.0 - alpha) * gradient * gradient;
                double denominator;
                if (centered) {
                    a[j] = alpha * a[j] + (1.0 - alpha) * gradient;
                    denominator = Math.sqrt(s[j] - a[j] * a[j]) + epsilon;
                } else {
                    denominator = Math.sqrt(s[j]) + epsilon;
                }
                if (b != null) {
                    b[j] = momentum * b[j] + gradient / denominator;
                    p[j] -= rate * b[j];
                } else {
                    p[j] -= rate * gradient / denominator;
                }
            }
        }
    }

    @Override
    public Map<String, Tensor> saveState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        squareAverages.saveInto(state);
        momentumBuffers.saveInto(state);
        gradientAverages.saveInto(state);
        return state;
    }

    @Override
    public void loadState(Map<String, Tensor> state, List<Parameter> parameters) {
        Map<String, Tensor> left = new LinkedHashMap<>(state);
        squareAverages.loadFrom(left);
        momentumBuffers.loadFrom(left);
        gradientAverages.loadFrom(left);
        ParameterState.requireEmpty(left);
        squareAverages.checkShapes(parameters);
        momentumBuffers.checkShapes(parameters);
        gradientAverages.checkShapes(parameters);
    }
}

package dev.nn.optimizers;

import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Elementwise;
import dev.nn.tensor.FloatElementwise;
import dev.nn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and weight decay, as PyTorch's {@code torch.optim.SGD}
 * (dampening 0): {@code g <- g + weightDecay * p; v <- momentum * v + g} ({@code v} starts at zero);
 * {@code g <- g + momentum * v} when Nesterov, else {@code g <- v}; {@code p <- p - learningRate * g}.
 *
 * <p>Its state is the velocities, {@code velocity.<parameter position>} (none without momentum), in each parameter's
 * type. A float32 network's parameters are updated in float32 arithmetic ({@link #supportsFloat32()}), with float32
 * velocities, as PyTorch does.
 */
public final class Sgd implements StatefulOptimizer {
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final ParameterState velocities = new ParameterState("velocity");

    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    public Sgd(double learningRate, double momentum) {
        this(learningRate, momentum, false, 0.0);
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
    public boolean supportsFloat32() {
        return true;
    }

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            if (parameter.value().isFloat32()) {
                float[] p = parameter.value().floatData();
                float[] g = parameter.gradient().floatData();
                if (momentum == 0.0) {
                    FloatElementwise.sgd(p, g, (float) learningRate, (float) weightDecay);
                } else {
                    FloatElementwise.sgdMomentum(p, g, velocities.get(i, parameter).floatData(),
                            (float) learningRate, (float) momentum, nesterov, (float) weightDecay);
                }
                continue;
            }
            double[] p = parameter.value().data();
            double[] g = parameter.gradient().data();
            if (momentum == 0.0) {
                Elementwise.sgd(p, g, learningRate, weightDecay);
                continue;
            }
            double[] v = velocities.get(i, parameter).data();
            Elementwise.sgdMomentum(p, g, v, learningRate, momentum, nesterov, weightDecay);
        }
    }

    @Override
    public Map<String, Tensor> saveState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        velocities.saveInto(state);
        return state;
    }

    @Override
    public void loadState(Map<String, Tensor> state, List<Parameter> parameters) {
        Map<String, Tensor> left = new LinkedHashMap<>(state);
        velocities.loadFrom(left);
        ParameterState.requireEmpty(left);
        velocities.checkShapes(parameters);
    }
}

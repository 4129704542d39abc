package dev.nn.optimizers;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;

/**
 * Provides {@code rmsprop}: {@code learning_rate} (default 0.01), {@code alpha} (0.99), {@code epsilon} (1e-8),
 * {@code weight_decay} (0), {@code momentum} (0), {@code centered} (false), PyTorch's defaults.
 */
public final class RmsPropProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "RMSprop (PyTorch's update rule), optional momentum, centering and L2 weight decay";
    }

    @Override
    public Optimizer create(ComponentParameters parameters) {
        double learningRate = OptimizerParameters.positive(parameters, "learning_rate", 0.01);
        double alpha = OptimizerParameters.fraction(parameters, "alpha", 0.99);
        double epsilon = OptimizerParameters.positive(parameters, "epsilon", 1e-8);
        double weightDecay = OptimizerParameters.nonNegative(parameters, "weight_decay", 0.0);
        double momentum = OptimizerParameters.fraction(parameters, "momentum", 0.0);
        boolean centered = parameters.getBoolean("centered", false);
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered);
    }
}

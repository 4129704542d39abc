package dev.nn.optimizers;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.spi.ParameterException;

/**
 * Provides {@code sgd}: {@code learning_rate} (default 0.01), {@code momentum} (0), {@code nesterov} (false),
 * {@code weight_decay} (0).
 */
public final class SgdProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "stochastic gradient descent with (Nesterov) momentum, optional L2 weight decay";
    }

    @Override
    public Optimizer create(ComponentParameters parameters) {
        double learningRate = OptimizerParameters.positive(parameters, "learning_rate", 0.01);
        double momentum = OptimizerParameters.fraction(parameters, "momentum", 0.0);
        boolean nesterov = parameters.getBoolean("nesterov", false);
        if (nesterov && momentum == 0.0) {
            throw new ParameterException("nesterov", "nesterov only with momentum > 0", "momentum 0");
        }
        double weightDecay = OptimizerParameters.nonNegative(parameters, "weight_decay", 0.0);
        return new Sgd(learningRate, momentum, nesterov, weightDecay);
    }
}

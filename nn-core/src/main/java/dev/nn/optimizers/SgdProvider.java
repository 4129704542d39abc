package dev.nn.optimizers;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.spi.ParameterException;

/** Provides {@code sgd}: parameters {@code learning_rate} (default 0.01) and {@code momentum} (default 0). */
public final class SgdProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "stochastic gradient descent with momentum";
    }

    @Override
    public Optimizer create(ComponentParameters parameters) {
        double learningRate = parameters.getDouble("learning_rate", 0.01);
        if (learningRate <= 0) {
            throw new ParameterException("learning_rate", "a number > 0", Double.toString(learningRate));
        }
        double momentum = parameters.getDouble("momentum", 0.0);
        if (momentum < 0 || momentum >= 1) {
            throw new ParameterException("momentum", "a number in [0, 1)", Double.toString(momentum));
        }
        return new Sgd(learningRate, momentum);
    }
}

package dev.nn.optimizers;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;

/**
 * Provides {@code adamw}: {@code learning_rate} (default 0.001), {@code beta1} (0.9), {@code beta2} (0.999),
 * {@code epsilon} (1e-8), {@code weight_decay} (0.01, decoupled), {@code amsgrad} (false), PyTorch's defaults.
 */
public final class AdamWProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public String description() {
        return "Adam with decoupled weight decay (PyTorch's AdamW), optional AMSGrad";
    }

    @Override
    public Optimizer create(ComponentParameters parameters) {
        double learningRate = OptimizerParameters.positive(parameters, "learning_rate", 0.001);
        double beta1 = OptimizerParameters.fraction(parameters, "beta1", 0.9);
        double beta2 = OptimizerParameters.fraction(parameters, "beta2", 0.999);
        double epsilon = OptimizerParameters.positive(parameters, "epsilon", 1e-8);
        double weightDecay = OptimizerParameters.nonNegative(parameters, "weight_decay", 0.01);
        boolean amsgrad = parameters.getBoolean("amsgrad", false);
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad);
    }
}

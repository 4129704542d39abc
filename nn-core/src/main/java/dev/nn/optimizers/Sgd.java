package dev.nn.optimizers;

import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with momentum: {@code v <- momentum * v + g; p <- p - learningRate * v}, with
 * {@code v} starting at zero (PyTorch's formulation).
 */
public final class Sgd implements Optimizer {
    private final double learningRate;
    private final double momentum;
    private final List<Tensor> velocities = new ArrayList<>();

    public Sgd(double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            double[] p = parameter.value().data();
            double[] g = parameter.gradient().data();
            if (momentum == 0.0) {
                for (int j = 0; j < p.length; j++) {
                    p[j] -= learningRate * g[j];
                }
                continue;
            }
            double[] v = velocity(i, parameter).data();
            for (int j = 0; j < p.length; j++) {
                v[j] = momentum * v[j] + g[j];
                p[j] -= learningRate * v[j];
            }
        }
    }

    private Tensor velocity(int index, Parameter parameter) {
        while (velocities.size() <= index) {
            velocities.add(null);
        }
        Tensor velocity = velocities.get(index);
        if (velocity == null) {
            velocity = Tensor.zeros(parameter.value().rows(), parameter.value().columns());
            velocities.set(index, velocity);
        }
        return velocity;
    }
}

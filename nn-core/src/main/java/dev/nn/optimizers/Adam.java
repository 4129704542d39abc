package dev.nn.optimizers;

import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import java.util.List;

/**
 * Adam, with PyTorch's update rule ({@code torch.optim.Adam}, not AMSGrad): at step {@code t},
 * {@code g <- g + weightDecay * p}; {@code m <- beta1 m + (1 - beta1) g}; {@code v <- beta2 v + (1 - beta2) g^2};
 * {@code p <- p - learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)}.
 */
public final class Adam implements Optimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final ParameterState firstMoments = new ParameterState();
    private final ParameterState secondMoments = new ParameterState();
    private long step;

    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Parameter> parameters) {
        step++;
        double correction1 = 1.0 - Math.pow(beta1, step);
        double correction2 = 1.0 - Math.pow(beta2, step);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            double[] p = parameter.value().data();
            double[] g = parameter.gradient().data();
            double[] m = firstMoments.get(i, parameter).data();
            double[] v = secondMoments.get(i, parameter).data();
            for (int j = 0; j < p.length; j++) {
                double gradient = weightDecay == 0.0 ? g[j] : g[j] + weightDecay * p[j];
                m[j] = beta1 * m[j] + (1.0 - beta1) * gradient;
                v[j] = beta2 * v[j] + (1.0 - beta2) * gradient * gradient;
                double mHat = m[j] / correction1;
                double vHat = v[j] / correction2;
                p[j] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
    }
}

package dev.nn.optimizers;

import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * AdamW, with PyTorch's update rule ({@code torch.optim.AdamW}): the weight decay is decoupled from the gradient. At
 * step {@code t}: {@code p <- p * (1 - learningRate * weightDecay)}; {@code m <- beta1 m + (1 - beta1) g};
 * {@code v <- beta2 v + (1 - beta2) g^2}; with AMSGrad {@code vMax <- max(vMax, v)} is used in place of {@code v};
 * {@code p <- p - (learningRate / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)}.
 *
 * <p>Its state is the moments, {@code first_moment.<parameter position>}, {@code second_moment.<position>}, with
 * AMSGrad {@code max_second_moment.<position>}, and the step count {@code t}, {@code step} (1 x 1).
 */
public final class AdamW implements StatefulOptimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean amsgrad;
    private final ParameterState firstMoments = new ParameterState("first_moment");
    private final ParameterState secondMoments = new ParameterState("second_moment");
    private final ParameterState maxSecondMoments = new ParameterState("max_second_moment");
    private final StepCount step = new StepCount();

    public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                 boolean amsgrad) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
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
        long t = step.next();
        double correction1 = 1.0 - Math.pow(beta1, t);
        double correction2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, t));
        double stepSize = rate / correction1;
        double decay = 1.0 - rate * weightDecay;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            double[] p = parameter.value().data();
            double[] g = parameter.gradient().data();
            double[] m = firstMoments.get(i, parameter).data();
            double[] v = secondMoments.get(i, parameter).data();
            double[] vMax = amsgrad ? maxSecondMoments.get(i, parameter).data() : v;
            for (int j = 0; j < p.length; j++) {
                p[j] *= decay;
                m[j] = beta1 * m[j] + (1.0 - beta1) * g[j];
                v[j] = beta2 * v[j] + (1.0 - beta2) * g[j] * g[j];
                if (amsgrad) {
                    vMax[j] = Math.max(vMax[j], v[j]);
                }
                double denominator = Math.sqrt(vMax[j]) / correction2Sqrt + epsilon;
                p[j] -= stepSize * m[j] / denominator;
            }
        }
    }

    @Override
    public Map<String, Tensor> saveState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        step.saveInto(state);
        firstMoments.saveInto(state);
        secondMoments.saveInto(state);
        maxSecondMoments.saveInto(state);
        return state;
    }

    @Override
    public void loadState(Map<String, Tensor> state, List<Parameter> parameters) {
        Map<String, Tensor> left = new LinkedHashMap<>(state);
        long loadedStep = StepCount.take(left);
        firstMoments.loadFrom(left);
        secondMoments.loadFrom(left);
        maxSecondMoments.loadFrom(left);
        ParameterState.requireEmpty(left);
        firstMoments.checkShapes(parameters);
        secondMoments.checkShapes(parameters);
        maxSecondMoments.checkShapes(parameters);
        step.set(loadedStep);
    }
}

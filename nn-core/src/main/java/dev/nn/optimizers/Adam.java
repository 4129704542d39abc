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
 * Adam, with PyTorch's update rule ({@code torch.optim.Adam}, not AMSGrad): at step {@code t},
 * {@code g <- g + weightDecay * p}; {@code m <- beta1 m + (1 - beta1) g}; {@code v <- beta2 v + (1 - beta2) g^2};
 * {@code p <- p - learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)}.
 *
 * <p>Its state is the moments, {@code first_moment.<parameter position>} and {@code second_moment.<position>}, in
 * each parameter's type (float32 moments for a float32 parameter, as in PyTorch), and the step count {@code t},
 * {@code step} (1 x 1).
 */
public final class Adam implements StatefulOptimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final ParameterState firstMoments = new ParameterState("first_moment");
    private final ParameterState secondMoments = new ParameterState("second_moment");
    private long step;

    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    public OptionalDouble learningRate() {
        return OptionalDouble.of(learningRate);
    }

    @Override
    public void step(List<Parameter> parameters) {
        step(parameters, learningRate);
    }

    /**
     * Float32 parameters are updated in float32 arithmetic, with float32 moments, in torch.optim.Adam's order of
     * operations ({@link FloatElementwise#adam}).
     */
    @Override
    public boolean supportsFloat32() {
        return true;
    }

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
        step++;
        double correction1 = 1.0 - Math.pow(beta1, step);
        double correction2 = 1.0 - Math.pow(beta2, step);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            if (parameter.value().isFloat32()) {
                FloatElementwise.adam(parameter.value().floatData(), parameter.gradient().floatData(),
                        firstMoments.get(i, parameter).floatData(), secondMoments.get(i, parameter).floatData(),
                        learningRate, beta1, beta2, epsilon, weightDecay, step);
                continue;
            }
            double[] p = parameter.value().data();
            double[] g = parameter.gradient().data();
            double[] m = firstMoments.get(i, parameter).data();
            double[] v = secondMoments.get(i, parameter).data();
            Elementwise.adam(p, g, m, v, learningRate, beta1, beta2, epsilon, weightDecay, correction1, correction2);
        }
    }

    @Override
    public Map<String, Tensor> saveState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        if (step > 0) {
            state.put(STEP, Tensor.wrap(1, 1, new double[] {step}));
        }
        firstMoments.saveInto(state);
        secondMoments.saveInto(state);
        return state;
    }

    @Override
    public void loadState(Map<String, Tensor> state, List<Parameter> parameters) {
        Map<String, Tensor> left = new LinkedHashMap<>(state);
        Tensor saved = left.remove(STEP);
        long loadedStep = 0;
        if (saved != null) {
            double value = saved.size() == 1 ? saved.data()[0] : -1;
            if (!(value >= 0 && value <= 0x1.0p53 && value == Math.rint(value))) {
                throw new IllegalArgumentException("optimizer state step must be one whole number >= 0, was "
                        + saved.shape() + (saved.size() == 1 ? " " + value : ""));
            }
            loadedStep = (long) value;
        }
        firstMoments.loadFrom(left);
        secondMoments.loadFrom(left);
        ParameterState.requireEmpty(left);
        firstMoments.checkShapes(parameters);
        secondMoments.checkShapes(parameters);
        step = loadedStep;
    }

    private static final String STEP = "step";
}

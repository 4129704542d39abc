package dev.nn.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.LossProvider;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class PluginTestKitTest {
    private static final ActivationProperties TANH_PROPERTIES =
            new ActivationProperties(Range.closed(-1, 1), List.of(), false, false, "glorot_uniform");

    // ------------------------------------------------------------------------------------------------------
    // Activations.
    // ------------------------------------------------------------------------------------------------------

    /** {@code scale * tanh(x)}, correct, with parameter {@code scale} (default 1). */
    public static final class GoodTanh implements ActivationProvider {
        @Override
        public String name() {
            return "scaled_tanh";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            double scale = parameters.getDouble("scale", 1.0);
            return new ElementwiseActivation() {
                @Override
                public double value(double x) {
                    return scale * Math.tanh(x);
                }

                @Override
                public double derivative(double x) {
                    double t = Math.tanh(x);
                    return scale * (1 - t * t);
                }

                @Override
                public ActivationProperties properties() {
                    return new ActivationProperties(Range.closed(-Math.abs(scale), Math.abs(scale)), List.of(), false,
                            false, "glorot_uniform");
                }
            };
        }
    }

    /** tanh whose derivative forgets the square. */
    public static final class WrongDerivative implements ActivationProvider {
        @Override
        public String name() {
            return "wrong_tanh";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new ElementwiseActivation() {
                @Override
                public double value(double x) {
                    return Math.tanh(x);
                }

                @Override
                public double derivative(double x) {
                    return 1 - Math.tanh(x);
                }

                @Override
                public ActivationProperties properties() {
                    return TANH_PROPERTIES;
                }
            };
        }
    }

    /**
     * The naive sigmoid {@code e^x / (1 + e^x)}: exact enough at the gradient check's points (|x| <= 30), but
     * {@code inf / inf = NaN} for x = 1e3.
     */
    public static final class NaiveSigmoid implements ActivationProvider {
        @Override
        public String name() {
            return "naive_sigmoid";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new ElementwiseActivation() {
                @Override
                public double value(double x) {
                    double e = Math.exp(x);
                    return e / (1 + e);
                }

                @Override
                public double derivative(double x) {
                    double s = value(x);
                    return s * (1 - s);
                }
            };
        }
    }

    /** A correct tanh that declares its outputs lie in [0, 1]. */
    public static final class WrongRange implements ActivationProvider {
        @Override
        public String name() {
            return "tanh_in_unit";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            ElementwiseActivation tanh = (ElementwiseActivation) new GoodTanh().create(ComponentParameters.empty());
            return new ElementwiseActivation() {
                @Override
                public double value(double x) {
                    return tanh.value(x);
                }

                @Override
                public double derivative(double x) {
                    return tanh.derivative(x);
                }

                @Override
                public ActivationProperties properties() {
                    return new ActivationProperties(Range.closed(0, 1), List.of(), false, false, "glorot_uniform");
                }
            };
        }
    }

    /** Scales by how many activations were created before it: two instances differ. */
    public static final class CountingScale implements ActivationProvider {
        private static int created;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            double scale = ++created;
            return new ElementwiseActivation() {
                @Override
                public double value(double x) {
                    return scale * x;
                }

                @Override
                public double derivative(double x) {
                    return scale;
                }
            };
        }
    }

    /** The notebook's softmax: normalised over the whole batch, not per sample. */
    public static final class BatchSoftmax implements ActivationProvider {
        @Override
        public String name() {
            return "batch_softmax";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new Activation() {
                @Override
                public void forward(Tensor input, Tensor output) {
                    double[] in = input.data();
                    double[] out = output.data();
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : in) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (int i = 0; i < in.length; i++) {
                        out[i] = Math.exp(in[i] - max);
                        sum += out[i];
                    }
                    for (int i = 0; i < in.length; i++) {
                        out[i] /= sum;
                    }
                }

                @Override
                public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
                    double[] y = output.data();
                    double[] g = gradOutput.data();
                    double dot = 0;
                    for (int i = 0; i < y.length; i++) {
                        dot += g[i] * y[i];
                    }
                    for (int i = 0; i < y.length; i++) {
                        gradInput.data()[i] = y[i] * (g[i] - dot);
                    }
                }

                @Override
                public ActivationProperties properties() {
                    return new ActivationProperties(Range.closed(0, 1), List.of(), true, true, "glorot_uniform");
                }
            };
        }
    }

    /** {@code tanh(x - x_0)}, with {@code x_0} the row's first value: mixes each row, but declares nothing. */
    public static final class UndeclaredRowwise implements ActivationProvider {
        @Override
        public String name() {
            return "relative_tanh";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new Activation() {
                @Override
                public void forward(Tensor input, Tensor output) {
                    for (int r = 0; r < input.rows(); r++) {
                        for (int c = 0; c < input.columns(); c++) {
                            output.set(r, c, Math.tanh(input.get(r, c) - input.get(r, 0)));
                        }
                    }
                }

                @Override
                public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
                    for (int r = 0; r < input.rows(); r++) {
                        double first = 0;
                        for (int c = 1; c < input.columns(); c++) {
                            double y = output.get(r, c);
                            double slope = gradOutput.get(r, c) * (1 - y * y);
                            gradInput.set(r, c, slope);
                            first -= slope;
                        }
                        gradInput.set(r, 0, first);
                    }
                }
            };
        }
    }

    /** A name with upper-case letters. */
    public static final class BadName implements ActivationProvider {
        @Override
        public String name() {
            return "Swish";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new GoodTanh().create(parameters);
        }
    }

    /** Has no public no-argument constructor, so ServiceLoader cannot create it. */
    public static final class NoDefaultConstructor implements ActivationProvider {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public String name() {
            return "no_constructor";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new GoodTanh().create(parameters);
        }
    }

    @Test
    void correctActivationPasses() {
        PluginTestKit.assertValidActivationProvider(new GoodTanh());
        PluginTestKit.assertValidActivationProvider(new GoodTanh(), new ComponentParameters(Map.of("scale", -2.5)));
    }

    @Test
    void wrongDerivativeFailsNamingTheProviderAndTheCheck() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new WrongDerivative()),
                "activation 'wrong_tanh' (" + WrongDerivative.class.getName() + ")", "finite-difference check failed",
                "analytic", "numeric");
    }

    @Test
    void nanAtLargeInputsFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new NaiveSigmoid()),
                "activation 'naive_sigmoid'", "forward gave NaN for the extreme input z = 1000.0",
                "outputs must stay finite");
    }

    @Test
    void outputOutsideTheDeclaredRangeFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new WrongRange()),
                "activation 'tanh_in_unit'", "outside the declared output range [0, 1]");
    }

    @Test
    void nonDeterministicActivationFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new CountingScale()),
                "activation 'counting'", "not deterministic", "another provider instance");
    }

    @Test
    void softmaxOverTheWholeBatchFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new BatchSoftmax()),
                "activation 'batch_softmax'", "alone", "each sample must be computed on its own");
    }

    @Test
    void rowwiseActivationThatDeclaresItselfElementwiseFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new UndeclaredRowwise()),
                "activation 'relative_tanh'", "must declare rowwise = true");
    }

    @Test
    void unreadParameterFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new WrongRange(),
                        new ComponentParameters(Map.of("alpha", 0.5))),
                "activation 'tanh_in_unit'", "never read the parameter(s) [alpha]");
    }

    @Test
    void upperCaseNameFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new BadName()),
                "activation provider " + BadName.class.getName(), "name() must match", "'Swish'");
    }

    @Test
    void providerThatServiceLoaderCannotCreateFails() {
        assertFails(() -> PluginTestKit.assertValidActivationProvider(new NoDefaultConstructor("x")),
                "activation 'no_constructor'", "public no-argument constructor");
    }

    // ------------------------------------------------------------------------------------------------------
    // Losses.
    // ------------------------------------------------------------------------------------------------------

    /** {@code mean over the batch of sum over columns of (y - t)^2 / 2}, with a configurable mistake. */
    abstract static class HalfSquaredError implements LossProvider {
        @Override
        public Loss create(ComponentParameters parameters) {
            return new Loss() {
                @Override
                public double value(Tensor predictions, Tensor targets) {
                    double sum = 0;
                    for (int i = 0; i < predictions.size(); i++) {
                        double d = predictions.data()[i] - targets.data()[i];
                        sum += term(d);
                    }
                    return sum / divisor(predictions.rows());
                }

                @Override
                public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
                    for (int i = 0; i < predictions.size(); i++) {
                        double d = predictions.data()[i] - targets.data()[i];
                        gradient.data()[i] = slope(d) / divisor(predictions.rows());
                    }
                }

                @Override
                public LossProperties properties() {
                    return LossProperties.UNKNOWN;
                }
            };
        }

        double term(double d) {
            return d * d / 2;
        }

        double slope(double d) {
            return d;
        }

        double divisor(int rows) {
            return rows;
        }
    }

    public static final class GoodLoss extends HalfSquaredError {
        @Override
        public String name() {
            return "half_se";
        }
    }

    public static final class WrongGradientLoss extends HalfSquaredError {
        @Override
        public String name() {
            return "half_se_wrong";
        }

        @Override
        double slope(double d) {
            return 2 * d;
        }
    }

    /** Sums over the batch instead of taking the mean. */
    public static final class SummedLoss extends HalfSquaredError {
        @Override
        public String name() {
            return "half_se_summed";
        }

        @Override
        double divisor(int rows) {
            return 1;
        }
    }

    /** {@code cosh(d) - 1}, computed naively: infinite for d = 1e3. */
    public static final class OverflowingLoss extends HalfSquaredError {
        @Override
        public String name() {
            return "cosh";
        }

        @Override
        double term(double d) {
            return Math.cosh(d) - 1;
        }

        @Override
        double slope(double d) {
            return Math.sinh(d);
        }
    }

    @Test
    void correctLossPasses() {
        PluginTestKit.assertValidLossProvider(new GoodLoss());
    }

    @Test
    void wrongLossGradientFails() {
        assertFails(() -> PluginTestKit.assertValidLossProvider(new WrongGradientLoss()),
                "loss 'half_se_wrong' (" + WrongGradientLoss.class.getName() + ")", "finite-difference check failed");
    }

    @Test
    void lossSummedOverTheBatchFails() {
        assertFails(() -> PluginTestKit.assertValidLossProvider(new SummedLoss()),
                "loss 'half_se_summed'", "must be the mean over the batch");
    }

    @Test
    void lossThatOverflowsForLargePredictionsFails() {
        assertFails(() -> PluginTestKit.assertValidLossProvider(new OverflowingLoss()),
                "loss 'cosh'", "value() gave Infinity for predictions all 1000.0");
    }

    private static void assertFails(Executable check, String... fragments) {
        AssertionError error = assertThrows(AssertionError.class, check);
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment),
                    () -> "expected '" + fragment + "' in: " + error.getMessage());
        }
    }
}

package dev.nn.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.layers.ActivationLayer;
import dev.nn.layers.DenseLayerProvider;
import dev.nn.layers.DropoutLayer;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The layer checks of {@link PluginTestKit}: correct layers pass, each kind of mistake fails naming it. */
final class PluginTestKitLayerTest {
    /** What a test layer gets wrong. */
    enum Mistake { NONE, INPUT_GRADIENT, STATE_NOT_RESTORED, STATE_IGNORED, OPTIONS_READ_IN_BULK, OWN_RANDOM, INFERENCE_DRAWS }

    /**
     * {@code y = scale * x + noise}: a learnable per-feature {@code scale} (option {@code initial}, default 2), noise of
     * {@code stddev} (default 0.1) in training only, and a state {@code seen}, the samples trained on.
     */
    abstract static class Scale implements LayerProvider {
        private final Mistake mistake;

        Scale(Mistake mistake) {
            this.mistake = mistake;
        }

        @Override
        public String name() {
            return "test_scale";
        }

        @Override
        public Layer create(LayerContext context) {
            double init = 2;
            double stddev = 0.1;
            if (mistake == Mistake.OPTIONS_READ_IN_BULK) {
                for (String option : context.options().names()) {
                    Object value = context.options().getObject(option);
                    if (option.equals("initial")) {
                        init = ((Number) value).doubleValue();
                    }
                }
            } else {
                init = context.options().getDouble("initial", 2);
                stddev = context.options().getDouble("stddev", 0.1);
            }
            int n = context.inputSize();
            double start = mistake == Mistake.OWN_RANDOM ? init + new java.util.Random().nextDouble() : init;
            Tensor scale = context.initialValue("scale", 1, n).orElseGet(() -> {
                Tensor filled = Tensor.zeros(1, n);
                java.util.Arrays.fill(filled.data(), start);
                return filled;
            });
            Tensor seen = mistake == Mistake.STATE_NOT_RESTORED ? Tensor.zeros(1, 1)
                    : context.initialValue("seen", 1, 1).orElseGet(() -> Tensor.zeros(1, 1));
            if (mistake == Mistake.STATE_IGNORED) {
                seen = Tensor.zeros(1, 1);
            }
            return new ScaleLayer(n, new Parameter("scale", context.displayName("scale"), scale),
                    new StateTensor("seen", context.displayName("seen"), seen), stddev, mistake);
        }
    }

    static final class ScaleLayer implements Layer {
        private final int size;
        private final Parameter scale;
        private final StateTensor seen;
        private final double stddev;
        private final Mistake mistake;
        private Tensor input;
        private Tensor output;
        private Tensor gradInput;

        ScaleLayer(int size, Parameter scale, StateTensor seen, double stddev, Mistake mistake) {
            this.size = size;
            this.scale = scale;
            this.seen = seen;
            this.stddev = stddev;
            this.mistake = mistake;
        }

        @Override
        public int inputSize() {
            return size;
        }

        @Override
        public int outputSize() {
            return size;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(scale);
        }

        @Override
        public List<StateTensor> state() {
            return List.of(seen);
        }

        @Override
        public Tensor forward(Tensor x, ForwardContext context) {
            input = x;
            output = Tensor.zeros(x.rows(), size);
            gradInput = Tensor.zeros(x.rows(), size);
            boolean noisy = context.training();
            for (int r = 0; r < x.rows(); r++) {
                for (int c = 0; c < size; c++) {
                    double noise = noisy ? stddev * context.random().nextGaussian() : 0;
                    if (!noisy && mistake == Mistake.INFERENCE_DRAWS) {
                        noise = stddev * Math.random();
                    }
                    output.set(r, c, scale.value().get(0, c) * x.get(r, c) + noise);
                }
            }
            if (noisy) {
                seen.value().set(0, 0, seen.value().get(0, 0) + x.rows());
            }
            return output;
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
            for (int c = 0; c < size; c++) {
                double sum = 0;
                for (int r = 0; r < input.rows(); r++) {
                    sum += gradOutput.get(r, c) * input.get(r, c);
                    double factor = mistake == Mistake.INPUT_GRADIENT ? 1 : scale.value().get(0, c);
                    gradInput.set(r, c, gradOutput.get(r, c) * factor);
                }
                scale.gradient().set(0, c, sum);
            }
            return gradInput;
        }
    }

    public static final class GoodScale extends Scale {
        public GoodScale() {
            super(Mistake.NONE);
        }
    }

    public static final class WrongInputGradient extends Scale {
        public WrongInputGradient() {
            super(Mistake.INPUT_GRADIENT);
        }
    }

    public static final class ForgetsState extends Scale {
        public ForgetsState() {
            super(Mistake.STATE_NOT_RESTORED);
        }
    }

    public static final class IgnoresSavedState extends Scale {
        public IgnoresSavedState() {
            super(Mistake.STATE_IGNORED);
        }
    }

    public static final class ReadsOptionsInBulk extends Scale {
        public ReadsOptionsInBulk() {
            super(Mistake.OPTIONS_READ_IN_BULK);
        }
    }

    public static final class InitialisedFromItsOwnRandom extends Scale {
        public InitialisedFromItsOwnRandom() {
            super(Mistake.OWN_RANDOM);
        }
    }

    public static final class NoisyInInference extends Scale {
        public NoisyInInference() {
            super(Mistake.INFERENCE_DRAWS);
        }
    }

    @Test
    void correctLayerWithAParameterStateAndOptionsPasses() {
        PluginTestKit.assertValidLayerProvider(new GoodScale());
        PluginTestKit.assertValidLayerProvider(new GoodScale(), Map.of("initial", 0.5, "stddev", 0.3));
    }

    @Test
    void builtInLayersPass() {
        PluginTestKit.assertValidLayerProvider(new DenseLayerProvider(), Map.of("units", 3));
        PluginTestKit.assertValidLayerProvider(new DropoutLayer.Provider(), Map.of("rate", 0.25));
        PluginTestKit.assertValidLayerProvider(new ActivationLayer.Provider(), Map.of("name", "identity"));
    }

    @Test
    void wrongInputGradientFailsInTheGradientCheck() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new WrongInputGradient()),
                "layer 'test_scale' (" + WrongInputGradient.class.getName() + ")",
                "finite-difference check failed in training mode for W1", "dL/d(input)");
    }

    @Test
    void stateThatIsNotReadBackFailsTheSaveAndLoad() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new ForgetsState()),
                "layer 'test_scale'", "the platform refused the saved model", "context.initialValue(localName",
                "layers[1].state.seen: unknown state 'seen'");
    }

    @Test
    void savedStateThatIsAskedForButIgnoredFailsTheSaveAndLoad() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new IgnoresSavedState()),
                "layer 'test_scale'", "the state 'seen' did not survive save and load: element 0 was 18.0 but is 0.0",
                "context.initialValue(\"seen\", rows, columns)");
    }

    @Test
    void optionsReadInBulkFailBecauseAnUnknownOneIsAccepted() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new ReadsOptionsInBulk(), Map.of("initial", 1.5)),
                "layer 'test_scale'", "the unknown option 'testkit_unknown_option' was accepted");
    }

    @Test
    void aLayerThatDrawsFromItsOwnRandomIsNotDeterministic() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new InitialisedFromItsOwnRandom()),
                "layer 'test_scale'", "not deterministic", "draw random numbers only from the context");
    }

    @Test
    void noiseInInferenceFails() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new NoisyInInference()),
                "layer 'test_scale'", "inference mode");
    }

    @Test
    void anOptionTheLayerRefusesFailsWithThePlatformsMessage() {
        assertFails(() -> PluginTestKit.assertValidLayerProvider(new GoodScale(), Map.of("initial", "big")),
                "layer 'test_scale'", "the platform refused the spec", "layers[1].init", "expected a number");
    }

    private static void assertFails(Executable check, String... fragments) {
        AssertionError error = assertThrows(AssertionError.class, check);
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment),
                    () -> "expected '" + fragment + "' in: " + error.getMessage());
        }
    }
}

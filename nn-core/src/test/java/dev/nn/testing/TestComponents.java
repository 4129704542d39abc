package dev.nn.testing;

import com.google.inject.Guice;
import dev.nn.init.ScaledInitializerProvider;
import dev.nn.init.ZerosInitializerProvider;
import dev.nn.layers.DenseLayerProvider;
import dev.nn.optimizers.SgdProvider;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentModule;
import dev.nn.registry.ComponentOrigin;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small, hand-checkable components for nn-core's tests (nn-activations and nn-losses are not on this classpath), and
 * a registry built from them through the real {@link ComponentModule}.
 */
public final class TestComponents {
    /** {@code f(x) = x}. */
    public static final ElementwiseActivation IDENTITY = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return x;
        }

        @Override
        public double derivative(double x) {
            return 1;
        }
    };

    /** {@code f(x) = x^2}, {@code f'(x) = 2x}: the derivative depends on the input, unlike the identity's. */
    public static final ElementwiseActivation SQUARE = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return x * x;
        }

        @Override
        public double derivative(double x) {
            return 2 * x;
        }
    };

    /** {@code tanh}, smooth, with the correct derivative {@code 1 - tanh^2}. */
    public static final ElementwiseActivation TANH = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }
    };

    /** {@code tanh} whose derivative forgets the square: {@code 1 - tanh}, deliberately wrong. */
    public static final ElementwiseActivation TANH_WITH_WRONG_DERIVATIVE = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            return 1 - Math.tanh(x);
        }
    };

    /** A relu that declares he_uniform as its initialiser, as the relu family does. */
    public static final ElementwiseActivation RELU = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return Math.max(0, x);
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1 : 0;
        }

        @Override
        public ActivationProperties properties() {
            return new ActivationProperties(new Range(0, true, Double.POSITIVE_INFINITY, false), List.of(0.0),
                    false, false, "he_uniform");
        }
    };

    /**
     * {@code L = (1 / rows) * sum over rows of sum over columns of (y - t)^2 / 2}; gradient {@code (y - t) / rows}.
     */
    public static final Loss HALF_SQUARED_ERROR = new Loss() {
        @Override
        public double value(Tensor predictions, Tensor targets) {
            predictions.requireSameShape(targets, "half squared error");
            double sum = 0;
            for (int i = 0; i < predictions.size(); i++) {
                double d = predictions.data()[i] - targets.data()[i];
                sum += d * d / 2;
            }
            return sum / predictions.rows();
        }

        @Override
        public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
            for (int i = 0; i < predictions.size(); i++) {
                gradient.data()[i] = (predictions.data()[i] - targets.data()[i]) / predictions.rows();
            }
        }
    };

    public static final ComponentOrigin TEST_ORIGIN = new ComponentOrigin("test", Optional.empty());

    private TestComponents() {
    }

    /** An activation provider with a fixed name that always creates {@code activation}. */
    public static ActivationProvider activation(String name, Activation activation, String... aliases) {
        return new ActivationProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> aliases() {
                return List.of(aliases);
            }

            @Override
            public Activation create(ComponentParameters parameters) {
                return activation;
            }
        };
    }

    /** {@code leaky}: reads {@code alpha} (default 0.01), as a parameterised activation does. */
    public static ActivationProvider leaky() {
        return new ActivationProvider() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public Activation create(ComponentParameters parameters) {
                double alpha = parameters.getDouble("alpha", 0.01);
                return new ElementwiseActivation() {
                    @Override
                    public double value(double x) {
                        return x > 0 ? x : alpha * x;
                    }

                    @Override
                    public double derivative(double x) {
                        return x > 0 ? 1 : alpha;
                    }
                };
            }
        };
    }

    /** A loss provider with a fixed name that always creates {@code loss}. */
    public static LossProvider loss(String name, Loss loss) {
        return new LossProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Loss create(ComponentParameters parameters) {
                return loss;
            }
        };
    }

    /**
     * nn-core's own providers (dense, activation, dropout, sgd, the five initialisers), the test layer {@code scale}
     * ({@link ScaleLayer}) and the test activations {@code identity}
     * (alias {@code linear}), {@code square}, {@code tanh}, {@code relu}, {@code leaky} and the loss {@code half_se}.
     */
    public static List<ComponentProvider<?>> standardProviders() {
        return List.of(
                new DenseLayerProvider(),
                new dev.nn.layers.ActivationLayer.Provider(),
                new dev.nn.layers.DropoutLayer.Provider(),
                new ScaleLayer.Provider(),
                new SgdProvider(),
                new ZerosInitializerProvider(),
                new ScaledInitializerProvider.GlorotUniform(),
                new ScaledInitializerProvider.GlorotNormal(),
                new ScaledInitializerProvider.HeUniform(),
                new ScaledInitializerProvider.HeNormal(),
                activation("identity", IDENTITY, "linear"),
                activation("square", SQUARE),
                activation("tanh", TANH),
                activation("relu", RELU),
                leaky(),
                loss("half_se", HALF_SQUARED_ERROR));
    }

    /** The registry over {@link #standardProviders()}. */
    public static ComponentRegistry registry() {
        return registry(standardProviders());
    }

    /** The registry over {@code providers}, each under its name and aliases, built by Guice. */
    public static ComponentRegistry registry(List<? extends ComponentProvider<?>> providers) {
        return Guice.createInjector(new ComponentModule(discovered(providers))).getInstance(ComponentRegistry.class);
    }

    /** The discovery entries of {@code providers}, all with the test origin. */
    public static List<DiscoveredComponent> discovered(List<? extends ComponentProvider<?>> providers) {
        List<DiscoveredComponent> components = new ArrayList<>();
        for (ComponentProvider<?> provider : providers) {
            components.addAll(ComponentDiscovery.entries(ComponentKind.of(provider), provider, TEST_ORIGIN));
        }
        return components;
    }
}

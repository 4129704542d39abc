package dev.nn.registry;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.tensor.Tensor;
import java.util.List;

/**
 * Providers that {@link ComponentDiscoveryTest} names in {@code META-INF/services} files it writes to a temporary
 * folder; public with public no-argument constructors, as {@link java.util.ServiceLoader} requires.
 */
public final class ServiceFixtures {
    private ServiceFixtures() {
    }

    /** {@code doubling} ({@code f(x) = 2x}), alias {@code twice}. */
    public static final class DoublingProvider implements ActivationProvider {
        public DoublingProvider() {
        }

        @Override
        public String name() {
            return "doubling";
        }

        @Override
        public List<String> aliases() {
            return List.of("twice");
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new Activation() {
                @Override
                public void forward(Tensor input, Tensor output) {
                    for (int i = 0; i < input.size(); i++) {
                        output.data()[i] = 2 * input.data()[i];
                    }
                }

                @Override
                public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
                    for (int i = 0; i < input.size(); i++) {
                        gradInput.data()[i] = 2 * gradOutput.data()[i];
                    }
                }
            };
        }
    }

    /** {@code absolute_error}: the mean of {@code |y - t|}. */
    public static final class AbsoluteErrorProvider implements LossProvider {
        public AbsoluteErrorProvider() {
        }

        @Override
        public String name() {
            return "absolute_error";
        }

        @Override
        public Loss create(ComponentParameters parameters) {
            return new Loss() {
                @Override
                public double value(Tensor predictions, Tensor targets) {
                    double sum = 0;
                    for (int i = 0; i < predictions.size(); i++) {
                        sum += Math.abs(predictions.data()[i] - targets.data()[i]);
                    }
                    return sum / predictions.rows();
                }

                @Override
                public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
                    for (int i = 0; i < predictions.size(); i++) {
                        gradient.data()[i] = Math.signum(predictions.data()[i] - targets.data()[i])
                                / predictions.rows();
                    }
                }
            };
        }
    }

    /** Another {@code doubling}, for duplicate detection across class loaders. */
    public static final class OtherDoublingProvider implements ActivationProvider {
        public OtherDoublingProvider() {
        }

        @Override
        public String name() {
            return "doubling";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new DoublingProvider().create(parameters);
        }
    }
}

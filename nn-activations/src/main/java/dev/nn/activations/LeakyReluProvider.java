package dev.nn.activations;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;

/**
 * Creates {@link LeakyRelu}: {@code leaky_relu}, with parameter {@code alpha}, the slope for negative inputs (a
 * finite number {@code >= 0}, default {@value LeakyRelu#DEFAULT_ALPHA}).
 */
public final class LeakyReluProvider implements ActivationProvider {
    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public String description() {
        return "x for x > 0, else alpha * x (alpha >= 0, default " + LeakyRelu.DEFAULT_ALPHA + ")";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        double alpha = parameters.getDouble("alpha", LeakyRelu.DEFAULT_ALPHA);
        if (!(alpha >= 0)) {
            throw new ParameterException("alpha", "a number >= 0", String.valueOf(alpha));
        }
        return new LeakyRelu(alpha);
    }
}

package dev.nn.examples;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;

/**
 * Creates {@link Swish}: {@code swish}, with parameter {@code beta} (a finite number, default
 * {@value Swish#DEFAULT_BETA}), e.g. {@code activation: {name: swish, beta: 1.5}}.
 */
public final class SwishProvider implements ActivationProvider {
    @Override
    public String name() {
        return "swish";
    }

    @Override
    public String description() {
        return "x * sigmoid(beta * x) (beta finite, default 1)";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        // getDouble rejects a non-number and a non-finite number with a ParameterException naming 'beta'.
        return new Swish(parameters.getDouble("beta", Swish.DEFAULT_BETA));
    }
}

package dev.nn.activations;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;

/** Creates {@link Sigmoid}: {@code sigmoid}. */
public final class SigmoidProvider implements ActivationProvider {
    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public String description() {
        return "1 / (1 + e^-x), in [0, 1]";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new Sigmoid();
    }
}

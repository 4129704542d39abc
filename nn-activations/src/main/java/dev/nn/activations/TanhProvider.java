package dev.nn.activations;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;

/** Creates {@link Tanh}: {@code tanh}. */
public final class TanhProvider implements ActivationProvider {
    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public String description() {
        return "tanh(x), in [-1, 1]";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new Tanh();
    }
}

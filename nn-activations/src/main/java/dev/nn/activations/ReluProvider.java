package dev.nn.activations;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;

/** Creates {@link Relu}: {@code relu}. */
public final class ReluProvider implements ActivationProvider {
    @Override
    public String name() {
        return "relu";
    }

    @Override
    public String description() {
        return "max(0, x); derivative 0 at 0";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new Relu();
    }
}

package dev.nn.examples;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;

/** Creates {@link Softplus}: {@code softplus}, without parameters. */
public final class SoftplusProvider implements ActivationProvider {
    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public String description() {
        return "log(1 + e^x), a smooth relu, in [0, inf)";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new Softplus();
    }
}

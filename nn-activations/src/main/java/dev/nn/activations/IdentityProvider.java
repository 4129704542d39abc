package dev.nn.activations;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import java.util.List;

/** Creates {@link Identity}: {@code identity}, also called {@code linear}. */
public final class IdentityProvider implements ActivationProvider {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public List<String> aliases() {
        return List.of("linear");
    }

    @Override
    public String description() {
        return "f(x) = x";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new Identity();
    }
}

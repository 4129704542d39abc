package dev.nn.activations;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;

/** Creates {@link Softmax}: {@code softmax}. */
public final class SoftmaxProvider implements ActivationProvider {
    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public String description() {
        return "e^x_i / sum_j e^x_j over each sample's row; pairs with cross_entropy";
    }

    @Override
    public Activation create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new Softmax();
    }
}

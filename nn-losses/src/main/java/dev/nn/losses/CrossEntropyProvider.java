package dev.nn.losses;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;

/** Creates {@link CrossEntropy}: {@code cross_entropy}, which takes no parameters. */
public final class CrossEntropyProvider implements LossProvider {
    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public String description() {
        return "-(1/batch) sum t log(y) for one-hot targets, after softmax";
    }

    @Override
    public Loss create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return new CrossEntropy();
    }
}

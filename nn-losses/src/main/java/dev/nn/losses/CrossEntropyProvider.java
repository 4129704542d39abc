package dev.nn.losses;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;

/**
 * Creates {@link CrossEntropy}: {@code cross_entropy}, with the optional parameter {@code class_weights}, one weight
 * per class (torch's {@code CrossEntropyLoss(weight=...)}).
 */
public final class CrossEntropyProvider implements LossProvider {
    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public String description() {
        return "-(1/batch) sum t log(y) for one-hot targets, after softmax (class_weights: one per class)";
    }

    @Override
    public Loss create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        return ClassWeights.read(parameters).map(CrossEntropy::new).orElseGet(CrossEntropy::new);
    }
}

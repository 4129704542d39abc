package dev.nn.losses;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.spi.ParameterException;
import java.util.Optional;

/**
 * Creates {@link BinaryCrossEntropy}: {@code binary_cross_entropy}, with the optional parameter
 * {@code class_weights: [negative, positive]} (see {@link BinaryCrossEntropy} for torch's semantics).
 */
public final class BinaryCrossEntropyProvider implements LossProvider {
    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    @Override
    public String description() {
        return "-mean of t log(p) + (1 - t) log(1 - p), after sigmoid outputs (class_weights: [negative, positive])";
    }

    @Override
    public Loss create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        Optional<double[]> weights = ClassWeights.read(parameters);
        if (weights.isEmpty()) {
            return new BinaryCrossEntropy();
        }
        if (weights.get().length != 2) {
            throw new ParameterException(ClassWeights.PARAMETER, "2 weights, [negative, positive]",
                    weights.get().length + " weights");
        }
        return new BinaryCrossEntropy(weights.get()[0], weights.get()[1]);
    }
}

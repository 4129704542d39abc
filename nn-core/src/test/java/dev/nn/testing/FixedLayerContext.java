package dev.nn.testing;

import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.LayerContext;
import dev.nn.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A {@link LayerContext} for tests: a position, an input size, options, no starting values, no components. */
public record FixedLayerContext(int position, int inputSize, ComponentParameters options) implements LayerContext {
    public FixedLayerContext(int position, int inputSize) {
        this(position, inputSize, new ComponentParameters(Map.of()));
    }

    @Override
    public Optional<Tensor> initialValue(String name, int rows, int columns) {
        return Optional.empty();
    }

    @Override
    public Activation activation(String option, String defaultName) {
        throw new UnsupportedOperationException("no activations in this context");
    }

    @Override
    public Activation activationNamedBy(String nameOption) {
        throw new UnsupportedOperationException("no activations in this context");
    }

    @Override
    public Initializer initializer(String option, String defaultName) {
        throw new UnsupportedOperationException("no initializers in this context");
    }

    @Override
    public RandomGenerator random() {
        return new SplitMix64(position);
    }

    @Override
    public long seed() {
        return 0;
    }
}

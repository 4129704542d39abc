package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link LayerProvider} needs to build a layer.
 *
 * @param index the layer's position, counting from 1 (parameters are named {@code W<index>}, {@code b<index>})
 * @param inputSize the number of inputs (the previous layer's units, or the network's inputs)
 * @param units the number of outputs
 * @param activation the activation, already created
 * @param weights starting weights, {@code units x inputSize}, when the spec gives them
 * @param bias starting bias, {@code 1 x units}, when the spec gives it
 * @param initializer fills the weights when the spec gives none
 * @param random the seeded source for {@code initializer}
 * @param parameters any other parameters the spec writes on the layer
 */
public record LayerConfig(
        int index,
        int inputSize,
        int units,
        Activation activation,
        Optional<Tensor> weights,
        Optional<Tensor> bias,
        Initializer initializer,
        RandomGenerator random,
        ComponentParameters parameters) {
    public LayerConfig {
        Objects.requireNonNull(activation, "activation is null");
        Objects.requireNonNull(weights, "weights is null");
        Objects.requireNonNull(bias, "bias is null");
        Objects.requireNonNull(initializer, "initializer is null");
        Objects.requireNonNull(random, "random is null");
        Objects.requireNonNull(parameters, "parameters is null");
    }
}

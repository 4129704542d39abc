package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * A trainable tensor and its gradient, e.g. a dense layer's weights.
 *
 * <p>The layer writes the gradient during {@link Layer#backward}; the optimizer reads it and updates the value in
 * place.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;

    /**
     * @param name the name shown to users, e.g. {@code "W1"} or {@code "b2"}
     * @param value the tensor, updated in place by optimizers
     */
    public Parameter(String name, Tensor value) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.value = Objects.requireNonNull(value, "value is null");
        this.gradient = Tensor.zeros(value.rows(), value.columns());
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** dL/d(value) of the last backward pass. */
    public Tensor gradient() {
        return gradient;
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}

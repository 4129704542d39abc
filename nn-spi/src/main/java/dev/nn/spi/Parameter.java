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
    private final String localName;
    private final String name;
    private final Tensor value;
    private final Tensor gradient;

    /**
     * @param localName the name within the layer, as saved models write it, e.g. {@code "weights"} or {@code "gamma"}
     * @param name the name shown to users, e.g. {@code "W1"} or {@code "gamma2"} (see {@link LayerContext#displayName})
     * @param value the tensor, updated in place by optimizers; the gradient has its type
     */
    public Parameter(String localName, String name, Tensor value) {
        this.localName = Objects.requireNonNull(localName, "localName is null");
        this.name = Objects.requireNonNull(name, "name is null");
        this.value = Objects.requireNonNull(value, "value is null");
        this.gradient = Tensor.zeros(value.rows(), value.columns(), value.dataType());
    }

    public String localName() {
        return localName;
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

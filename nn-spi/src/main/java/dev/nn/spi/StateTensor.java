package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * A named non-trainable tensor of a layer, e.g. batch normalisation's {@code running_mean}: saved with the model
 * under {@code state:} and restored, updated by the layer itself (in training passes), never by the optimizer.
 */
public final class StateTensor {
    private final String localName;
    private final String name;
    private final Tensor value;

    /**
     * @param localName the name within the layer, as saved models write it, e.g. {@code "running_mean"}
     * @param name the name shown to users, e.g. {@code "running_mean2"} (see {@link LayerContext#displayName})
     * @param value the tensor, updated in place by the layer
     */
    public StateTensor(String localName, String name, Tensor value) {
        this.localName = Objects.requireNonNull(localName, "localName is null");
        this.name = Objects.requireNonNull(name, "name is null");
        this.value = Objects.requireNonNull(value, "value is null");
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

    @Override
    public String toString() {
        return name + value.shape();
    }
}

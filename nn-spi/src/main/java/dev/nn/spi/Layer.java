package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.List;

/**
 * One layer of a feed-forward network.
 *
 * <p>A layer owns its parameters and its work buffers. {@link #forward} remembers what {@link #backward} needs; the
 * tensors both return belong to the layer and stay valid until the next call, so callers copy them to keep them.
 * Buffers are sized for the batch's row count and reused while it stays the same.
 */
public interface Layer {
    int inputSize();

    int outputSize();

    /** The trainable parameters, weights first; their names are set by the layer's position. */
    List<Parameter> parameters();

    /** The activation applied to this layer's output. */
    Activation activation();

    /** Computes the layer's output for {@code input} ({@code batch x inputSize()}). */
    Tensor forward(Tensor input);

    /**
     * From dL/d(output) of the last {@link #forward}, writes every parameter's gradient and returns dL/d(input).
     */
    Tensor backward(Tensor gradOutput);

    /**
     * Like {@link #backward}, but starting from dL/dz, the gradient with respect to the pre-activations of the last
     * {@link #forward}; used when a loss computes that directly (see {@link Loss#gradientBeforeActivation}).
     */
    Tensor backwardFromPreActivation(Tensor gradPreActivation);
}

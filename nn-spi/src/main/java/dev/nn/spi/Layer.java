package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * One layer of a feed-forward network (SPI version 2).
 *
 * <p>A layer owns its parameters, its state and its work buffers. {@link #forward} remembers what {@link #backward}
 * needs; the tensors both return belong to the layer and stay valid until the next call, so callers copy them to
 * keep them. Buffers are sized for the batch's row count and reused while it stays the same. No method returns
 * {@code null} or accepts it.
 */
public interface Layer {
    /** The number of values per sample the layer takes. */
    int inputSize();

    /** The number of values per sample the layer gives, computed from its input size and options. */
    int outputSize();

    /**
     * The trainable parameters, in a fixed order; empty for a layer without any. The optimizer updates their values
     * in place after {@link #backward} has written their gradients.
     */
    List<Parameter> parameters();

    /**
     * The non-trainable state, e.g. batch normalisation's running statistics: saved and restored with the model
     * like the parameters but never given to the optimizer. Empty by default.
     */
    default List<StateTensor> state() {
        return List.of();
    }

    /**
     * Computes the layer's output for {@code input} ({@code batch x inputSize()}).
     *
     * @param context the mode of this pass and, in training, the step's random stream
     * @return {@code batch x outputSize()}, owned by the layer
     */
    Tensor forward(Tensor input, ForwardContext context);

    /**
     * From dL/d(output) of the last {@link #forward}, writes every parameter's gradient and, when asked, computes
     * dL/d(input).
     *
     * @param gradOutput dL/d(output), {@code batch x outputSize()}, not modified
     * @param inputGradientNeeded {@code false} for the network's first layer, whose input is the data: the layer
     *     may then skip computing dL/d(input)
     * @return dL/d(input) ({@code batch x inputSize()}, owned by the layer) when {@code inputGradientNeeded};
     *     otherwise an unspecified tensor (possibly stale) that the caller ignores
     */
    Tensor backward(Tensor gradOutput, boolean inputGradientNeeded);

    /**
     * The activation this layer applies last, {@code output = activation(z)}, when it can also be backpropagated
     * from dL/dz ({@link #backwardFromPreActivation}); a loss may then compute dL/dz directly
     * ({@link Loss#gradientBeforeActivation}), which stays exact where the chained gradient would not (softmax with
     * cross-entropy). Empty by default.
     */
    default Optional<Activation> outputActivation() {
        return Optional.empty();
    }

    /**
     * Like {@link #backward}, but starting from dL/dz, the gradient with respect to the input of
     * {@link #outputActivation()} in the last {@link #forward}. Only called when {@link #outputActivation()} is
     * present.
     *
     * @param gradPreActivation dL/dz, {@code batch x outputSize()}, not modified
     * @throws UnsupportedOperationException by default (a layer without an output activation)
     */
    default Tensor backwardFromPreActivation(Tensor gradPreActivation, boolean inputGradientNeeded) {
        throw new UnsupportedOperationException("this layer declares no output activation");
    }

    /**
     * Whether this layer computes in float32 when the network does ({@code dtype: float32}): it then builds its
     * parameters, state and buffers in {@link LayerContext#dataType()} and takes and returns tensors of that type
     * ({@link Tensor#floatData()}). {@code false} by default: a layer written for float64 keeps working unchanged, the
     * platform running it in float64 at its boundary (its inputs and gradients are widened to float64, its outputs
     * rounded back to float32; its parameters and state stay float64), and {@code nn summary} lists it as widened.
     * A layer that answers {@code true} must still work in float64, the default.
     */
    default boolean supportsFloat32() {
        return false;
    }
}

package dev.nn.spi;

import dev.nn.tensor.Tensor;

/**
 * A layer's activation: {@code a = f(z)} applied to a batch of pre-activations, one sample per row.
 *
 * <p>Element-wise activations should implement {@link ElementwiseActivation}, which needs only {@code f(x)} and
 * {@code f'(x)}. Implement this interface directly for activations that mix a row's values, such as softmax.
 * Instances may be shared between layers, so they must not keep per-batch state.
 */
public interface Activation {
    /**
     * Computes {@code output = f(input)}.
     *
     * @param input pre-activations, not modified
     * @param output overwritten; same shape as {@code input}
     */
    void forward(Tensor input, Tensor output);

    /**
     * Computes the gradient with respect to the input from the gradient with respect to the output: for an
     * element-wise activation {@code gradInput = gradOutput * f'(input)}, in general the vector-Jacobian product
     * per row.
     *
     * @param input the pre-activations given to {@link #forward}, not modified
     * @param output what {@link #forward} computed for {@code input}, not modified
     * @param gradOutput dL/d(output), not modified
     * @param gradInput overwritten with dL/d(input); same shape as {@code input}
     */
    void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput);

    /** What the activation declares about itself; used by {@code nn validate} and {@code nn plugins verify}. */
    default ActivationProperties properties() {
        return ActivationProperties.UNKNOWN;
    }

    /**
     * Whether {@link #forward} and {@link #backward} accept float32 tensors (all four of a call have one type) as well
     * as float64 ones. {@code false} by default: in a float32 network the platform then gives this activation
     * float64 copies and rounds its results back to float32, so an activation written for float64 keeps working.
     */
    default boolean supportsFloat32() {
        return false;
    }
}

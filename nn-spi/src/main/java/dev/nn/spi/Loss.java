package dev.nn.spi;

import dev.nn.tensor.Tensor;

/**
 * A loss: a scalar from a batch of predictions and targets of the same shape, one sample per row, and its gradient.
 *
 * <p>The value is the mean over the batch, so the gradient carries the {@code 1/batch} factor.
 */
public interface Loss {
    /**
     * @param predictions the output layer's activations, not modified
     * @param targets the expected outputs, same shape, not modified
     * @return the loss of the batch
     */
    double value(Tensor predictions, Tensor targets);

    /**
     * Computes dL/d(predictions).
     *
     * @param gradient overwritten; same shape as {@code predictions}
     */
    void gradient(Tensor predictions, Tensor targets, Tensor gradient);

    /**
     * Optionally computes dL/dz for an output layer {@code predictions = activation(z)} in one step, when the loss
     * knows a form more accurate than chaining its own gradient through the activation (cross-entropy after softmax:
     * {@code (y - t) / batch}, which stays exact when a probability underflows).
     *
     * @param activation what the output layer's activation declares
     * @param gradient overwritten with dL/dz when this returns {@code true}
     * @return whether the gradient was written; {@code false} (the default) means "chain through the activation"
     */
    default boolean gradientBeforeActivation(
            ActivationProperties activation, Tensor predictions, Tensor targets, Tensor gradient) {
        return false;
    }

    /** What the loss declares about itself; used by {@code nn validate} and {@code nn plugins verify}. */
    default LossProperties properties() {
        return LossProperties.UNKNOWN;
    }

    /**
     * Whether the methods accept float32 predictions, targets and gradients (all of a call have one type) as well as
     * float64 ones. {@code false} by default: in a float32 network the platform then gives this loss float64 copies
     * and rounds the gradient it writes back to float32, so a loss written for float64 keeps working.
     */
    default boolean supportsFloat32() {
        return false;
    }
}

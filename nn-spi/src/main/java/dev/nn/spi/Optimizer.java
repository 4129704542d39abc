package dev.nn.spi;

import java.util.List;

/**
 * Updates parameters from their gradients, once per batch.
 *
 * <p>An optimizer instance serves one network: it may keep state per parameter (momentum, moments), keyed by the
 * parameter's position in the list, which is the same on every call.
 *
 * <p>Optimizers always see float64 parameters, whatever the network's {@code dtype}: in a float32 network the
 * platform gives {@link #step} float64 copies of the values and gradients, which it keeps from step to step, and
 * rounds the updated values back to float32. So every optimizer works in a float32 network unchanged, and its state
 * stays float64.
 */
public interface Optimizer {
    /** Updates every parameter's value in place from its {@link Parameter#gradient()}. */
    void step(List<Parameter> parameters);
}

package dev.nn.spi;

import java.util.List;

/**
 * Updates parameters from their gradients, once per batch.
 *
 * <p>An optimizer instance serves one network: it may keep state per parameter (momentum, moments), keyed by the
 * parameter's position in the list, which is the same on every call.
 */
public interface Optimizer {
    /** Updates every parameter's value in place from its {@link Parameter#gradient()}. */
    void step(List<Parameter> parameters);
}

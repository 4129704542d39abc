package dev.nn.spi;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Updates parameters from their gradients, once per batch.
 *
 * <p>An optimizer instance serves one network: it may keep state per parameter (momentum, moments), keyed by the
 * parameter's position in the list, which is the same on every call.
 *
 * <p>The platform steps an optimizer with {@link #step(List, double)}, giving it the rate of that update (from the
 * spec's {@code optimizer.schedule}, or the optimizer's own {@link #learningRate()} when there is none). Both of those
 * methods have defaults, added without changing the plugin SPI version: an optimizer written before them reports no
 * rate, is stepped through {@link #step(List)} as before, and is refused (with a message naming it) only when a spec
 * gives it a schedule.
 *
 * <p>Optimizers always see float64 parameters, whatever the network's {@code dtype}: in a float32 network the
 * platform gives {@link #step} float64 copies of the values and gradients, which it keeps from step to step, and
 * rounds the updated values back to float32. So every optimizer works in a float32 network unchanged, and its state
 * stays float64.
 */
public interface Optimizer {
    /** Updates every parameter's value in place from its {@link Parameter#gradient()}. */
    void step(List<Parameter> parameters);

    /**
     * The learning rate this optimizer was created with, the base rate a schedule starts from and scales; empty (the
     * default) for an optimizer that cannot take its rate from the platform, which therefore takes no schedule.
     */
    default OptionalDouble learningRate() {
        return OptionalDouble.empty();
    }

    /**
     * Updates every parameter as {@link #step(List)} does, but with {@code learningRate} in place of the rate it was
     * created with; the platform calls this for every update. An optimizer that reports a {@link #learningRate()}
     * must override it (and may implement {@link #step(List)} as this with its own rate). The default ignores the
     * rate and calls {@link #step(List)}, which is right for an optimizer without a {@link #learningRate()}.
     *
     * @param learningRate the rate of this update, &gt; 0; NaN when the optimizer reports no rate
     */
    default void step(List<Parameter> parameters, double learningRate) {
        step(parameters);
    }

    /**
     * Whether {@link #step} may be given a float32 network's float32 parameters as they are, updating them in float32
     * arithmetic. {@code false} by default: the platform then gives it float64 views (see the class comment), which
     * every optimizer handles.
     */
    default boolean supportsFloat32() {
        return false;
    }
}

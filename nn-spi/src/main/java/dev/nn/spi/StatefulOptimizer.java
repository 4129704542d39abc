package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An {@link Optimizer} whose state (momentum velocities, moment estimates, step counts) can be saved into a training
 * checkpoint and loaded back, so that training resumed from the checkpoint updates the parameters exactly as the
 * uninterrupted run would have. Optional: an optimizer that does not implement it still trains, but
 * {@code nn train --checkpoint} and {@code --resume} refuse it, naming it, since a checkpoint without the optimizer's
 * state could not continue bit for bit.
 *
 * <p>The state is a map of named tensors. The names are the optimizer's own choice (letters, digits, {@code _} and
 * {@code .}), e.g. {@code velocity.0} for the velocity of the first parameter; a count is a 1 x 1 tensor (exact up
 * to 2<sup>53</sup>). An optimizer that has not stepped yet may return an empty map.
 */
public interface StatefulOptimizer extends Optimizer {
    /**
     * The optimizer's whole state now, in a fixed order. The tensors may be the optimizer's own: the caller reads
     * them before the next {@link #step} and does not modify them.
     */
    Map<String, Tensor> saveState();

    /**
     * Replaces this optimizer's state with {@code state}, as {@link #saveState()} returned it from an optimizer
     * created with the same parameters for the same network. The values are copied.
     *
     * @param parameters the parameters the next {@link #step} will update, to check the state's shapes against
     * @throws IllegalArgumentException when a name is unknown or a tensor's shape is not the one expected, saying
     *     which
     */
    void loadState(Map<String, Tensor> state, List<Parameter> parameters);
}

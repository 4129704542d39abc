package dev.nn.optimizers;

import dev.nn.tensor.Tensor;
import java.util.Map;

/** An optimizer's update count {@code t}, saved as {@code step} (1 x 1) once it is above 0. */
final class StepCount {
    private static final String NAME = "step";
    private long count;

    /** Counts one more update and returns the new count. */
    long next() {
        return ++count;
    }

    void set(long value) {
        count = value;
    }

    void saveInto(Map<String, Tensor> state) {
        if (count > 0) {
            state.put(NAME, Tensor.wrap(1, 1, new double[] {count}));
        }
    }

    /** Removes {@code step} from {@code state} and returns it, 0 when absent. */
    static long take(Map<String, Tensor> state) {
        Tensor saved = state.remove(NAME);
        if (saved == null) {
            return 0;
        }
        double value = saved.size() == 1 ? saved.data()[0] : -1;
        if (!(value >= 0 && value <= 0x1.0p53 && value == Math.rint(value))) {
            throw new IllegalArgumentException("optimizer state step must be one whole number >= 0, was "
                    + saved.shape() + (saved.size() == 1 ? " " + value : ""));
        }
        return (long) value;
    }
}

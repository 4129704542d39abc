package dev.nn.data;

import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * Samples in memory: {@code inputs} and {@code targets} with one row per sample.
 */
public final class DataSet {
    private final Tensor inputs;
    private final Tensor targets;
    private final boolean oneHot;

    public DataSet(Tensor inputs, Tensor targets) {
        this.inputs = Objects.requireNonNull(inputs, "inputs is null");
        this.targets = Objects.requireNonNull(targets, "targets is null");
        if (inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException("inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " have different numbers of samples");
        }
        this.oneHot = isOneHot(targets);
    }

    public Tensor inputs() {
        return inputs;
    }

    public Tensor targets() {
        return targets;
    }

    public int size() {
        return inputs.rows();
    }

    /** Whether every target row is one-hot (all 0 but a single 1), so accuracy is meaningful. */
    public boolean oneHot() {
        return oneHot;
    }

    private static boolean isOneHot(Tensor targets) {
        if (targets.rows() == 0) {
            return false;
        }
        double[] t = targets.data();
        int columns = targets.columns();
        for (int r = 0; r < targets.rows(); r++) {
            int ones = 0;
            for (int c = 0; c < columns; c++) {
                double v = t[r * columns + c];
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    return false;
                }
            }
            if (ones != 1) {
                return false;
            }
        }
        return true;
    }
}

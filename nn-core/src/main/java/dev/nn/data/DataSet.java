package dev.nn.data;

import dev.nn.spi.Matrix;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Samples in memory, one row per sample, held compactly ({@link Matrix}); batches copy rows out as {@code double}.
 */
public final class DataSet {
    private final Matrix inputs;
    private final Matrix targets;
    private final List<String> classNames;
    private final boolean oneHot;
    private final boolean binary;

    /**
     * @param classNames the class of each target column for class labels; empty for regression
     */
    public DataSet(Matrix inputs, Matrix targets, List<String> classNames) {
        this.inputs = Objects.requireNonNull(inputs, "inputs is null");
        this.targets = Objects.requireNonNull(targets, "targets is null");
        this.classNames = List.copyOf(classNames);
        if (inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException("inputs " + inputs.rows() + "x" + inputs.columns() + " and targets "
                    + targets.rows() + "x" + targets.columns() + " have different numbers of samples");
        }
        this.oneHot = isOneHot(targets);
        this.binary = this.classNames.size() == 2 && targets.columns() == 1 && isZeroOrOne(targets);
    }

    /**
     * A two-class label for a network with one output: the second class's column of one-hot targets over two
     * classes, so 1 means {@code classes[1]} and 0 means {@code classes[0]}.
     *
     * @param oneHot one-hot targets over two classes
     */
    public static Matrix binaryTargets(Matrix oneHot) {
        if (oneHot.columns() != 2) {
            throw new IllegalArgumentException("binary targets come from 2 one-hot columns, not " + oneHot.columns());
        }
        double[] values = new double[oneHot.rows()];
        double[] row = new double[2];
        for (int r = 0; r < oneHot.rows(); r++) {
            oneHot.copyRow(r, row, 0);
            values[r] = row[1];
        }
        return Matrix.of(Tensor.wrap(oneHot.rows(), 1, values));
    }

    /** Inline data held as tensors. */
    public DataSet(Tensor inputs, Tensor targets) {
        this(Matrix.of(inputs), Matrix.of(targets), List.of());
    }

    public Matrix inputs() {
        return inputs;
    }

    public Matrix targets() {
        return targets;
    }

    /** The class of each target column, when known. */
    public List<String> classNames() {
        return classNames;
    }

    public int size() {
        return inputs.rows();
    }

    /** Whether every target row is one-hot (all 0 but a single 1), so accuracy is meaningful. */
    public boolean oneHot() {
        return oneHot;
    }

    /**
     * Whether the targets are a two-class label for one output: one column of 0 and 1, and two class names (1 is
     * the second class). A prediction above 0.5 is the second class.
     */
    public boolean binary() {
        return binary;
    }

    /** Whether the targets are class labels, one-hot or {@link #binary()}, so accuracy is meaningful. */
    public boolean labelled() {
        return oneHot || binary;
    }

    /** The samples {@code indices}, in that order (a view). */
    public DataSet subset(int[] indices) {
        return new DataSet(Matrix.rowsOf(inputs, indices), Matrix.rowsOf(targets, indices), classNames);
    }

    private static boolean isZeroOrOne(Matrix targets) {
        double[] row = new double[targets.columns()];
        for (int r = 0; r < targets.rows(); r++) {
            targets.copyRow(r, row, 0);
            for (double v : row) {
                if (v != 0.0 && v != 1.0) {
                    return false;
                }
            }
        }
        return targets.rows() > 0;
    }

    private static boolean isOneHot(Matrix targets) {
        if (targets.rows() == 0) {
            return false;
        }
        int columns = targets.columns();
        double[] row = new double[columns];
        for (int r = 0; r < targets.rows(); r++) {
            targets.copyRow(r, row, 0);
            int ones = 0;
            for (double v : row) {
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

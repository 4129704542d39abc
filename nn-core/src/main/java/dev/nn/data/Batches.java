package dev.nn.data;

import dev.nn.spi.Matrix;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;

/**
 * Reusable batch tensors for one data set: rows are copied into buffers sized once per batch size, so walking the
 * set allocates nothing. Float32 batches are copied as floats ({@link Matrix#copyRow(int, float[], int)}), each
 * value rounded once.
 */
public final class Batches {
    private final DataSet data;
    private final int batchSize;
    private Tensor fullInputs;
    private Tensor fullTargets;
    private Tensor restInputs;
    private Tensor restTargets;
    private Tensor inputs;
    private Tensor targets;
    private final DataType type;

    /** Float64 batches of {@code batchSize} rows (the last may be smaller) of {@code data}. */
    public Batches(DataSet data, int batchSize) {
        this(data, batchSize, DataType.FLOAT64);
    }

    /** Batches of {@code type} of {@code batchSize} rows (the last may be smaller) of {@code data}. */
    public Batches(DataSet data, int batchSize, DataType type) {
        this.type = type;
        this.data = data;
        this.batchSize = Math.max(1, Math.min(batchSize, Math.max(data.size(), 1)));
    }

    public int batchSize() {
        return batchSize;
    }

    /** The number of batches that cover the set. */
    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /**
     * Fills the buffers with batch {@code batch} (0-based) of the samples in {@code order}; afterwards
     * {@link #inputs()} and {@link #targets()} hold it.
     *
     * @param order the sample order, or {@code null} for file order
     */
    public void fill(int batch, int[] order) {
        int start = batch * batchSize;
        int size = Math.min(batchSize, data.size() - start);
        if (size == batchSize) {
            if (fullInputs == null) {
                fullInputs = Tensor.zeros(size, data.inputs().columns(), type);
                fullTargets = Tensor.zeros(size, data.targets().columns(), type);
            }
            inputs = fullInputs;
            targets = fullTargets;
        } else {
            if (restInputs == null || restInputs.rows() != size) {
                restInputs = Tensor.zeros(size, data.inputs().columns(), type);
                restTargets = Tensor.zeros(size, data.targets().columns(), type);
            }
            inputs = restInputs;
            targets = restTargets;
        }
        int inputColumns = inputs.columns();
        int targetColumns = targets.columns();
        for (int r = 0; r < size; r++) {
            int sample = order == null ? start + r : order[start + r];
            if (type == DataType.FLOAT64) {
                data.inputs().copyRow(sample, inputs.data(), r * inputColumns);
                data.targets().copyRow(sample, targets.data(), r * targetColumns);
            } else {
                data.inputs().copyRow(sample, inputs.floatData(), r * inputColumns);
                data.targets().copyRow(sample, targets.floatData(), r * targetColumns);
            }
        }
    }

    /** The inputs of the last filled batch. */
    public Tensor inputs() {
        return inputs;
    }

    /** The targets of the last filled batch. */
    public Tensor targets() {
        return targets;
    }
}

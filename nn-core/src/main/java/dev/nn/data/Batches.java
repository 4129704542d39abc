package dev.nn.data;

import dev.nn.tensor.Tensor;

/**
 * Reusable batch tensors for one data set: rows are copied into buffers sized once per batch size, so walking the
 * set allocates nothing.
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

    /** Batches of {@code batchSize} rows (the last may be smaller) of {@code data}. */
    public Batches(DataSet data, int batchSize) {
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
                fullInputs = Tensor.zeros(size, data.inputs().columns());
                fullTargets = Tensor.zeros(size, data.targets().columns());
            }
            inputs = fullInputs;
            targets = fullTargets;
        } else {
            if (restInputs == null || restInputs.rows() != size) {
                restInputs = Tensor.zeros(size, data.inputs().columns());
                restTargets = Tensor.zeros(size, data.targets().columns());
            }
            inputs = restInputs;
            targets = restTargets;
        }
        int inputColumns = inputs.columns();
        int targetColumns = targets.columns();
        for (int r = 0; r < size; r++) {
            int sample = order == null ? start + r : order[start + r];
            data.inputs().copyRow(sample, inputs.data(), r * inputColumns);
            data.targets().copyRow(sample, targets.data(), r * targetColumns);
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

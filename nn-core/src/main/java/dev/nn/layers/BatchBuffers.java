package dev.nn.layers;

import dev.nn.tensor.Tensor;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A layer's work buffers for the last few batch row counts. Training alternates between full and last batches, and
 * validation between its own two sizes: keeping the buffers of a few row counts lets switching back and forth
 * allocate nothing.
 */
final class BatchBuffers {
    private static final int KEPT = 4;

    private final IntFunction<Tensor[]> create;
    private final Tensor[][] kept = new Tensor[KEPT][];
    private int next;

    /**
     * @param create the buffers for batches of the given row count; the first one must have that many rows
     */
    BatchBuffers(IntFunction<Tensor[]> create) {
        this.create = Objects.requireNonNull(create, "create is null");
    }

    /** The buffers for batches of {@code rows} rows: the kept ones when this row count was seen lately, else new. */
    Tensor[] forRows(int rows) {
        for (Tensor[] buffers : kept) {
            if (buffers != null && buffers[0].rows() == rows) {
                return buffers;
            }
        }
        Tensor[] fresh = create.apply(rows);
        kept[next] = fresh;
        next = (next + 1) % KEPT;
        return fresh;
    }
}

package dev.nn.network;

import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;

/**
 * Buffers kept per slot for the last few shapes, so that alternating batch sizes (full batches and the last one)
 * allocate nothing once each has been seen: {@link #buffer} gives one of a shape and type, {@link #of} one holding a
 * copy of a tensor's values in another type (the conversions of a widened component or of the network's boundary).
 */
final class KeptBuffers {
    /** Buffers per slot (input, output, gradient, ...), for the last few shapes. */
    private final Tensor[][] kept;
    private final int[] next;

    /** @param slots how many distinct tensors the component converts per call */
    KeptBuffers(int slots) {
        this.kept = new Tensor[slots][4];
        this.next = new int[slots];
    }

    /** A buffer of {@code type} in {@code slot} with {@code source}'s shape, holding its values (widened or rounded). */
    Tensor of(int slot, Tensor source, DataType type) {
        return buffer(slot, source.rows(), source.columns(), type).copyFromInPlace(source);
    }

    /** A buffer of {@code type} in {@code slot} of shape {@code rows x columns}, with unspecified contents. */
    Tensor buffer(int slot, int rows, int columns, DataType type) {
        Tensor[] buffers = kept[slot];
        for (Tensor buffer : buffers) {
            if (buffer != null && buffer.hasShape(rows, columns) && buffer.dataType() == type) {
                return buffer;
            }
        }
        Tensor fresh = Tensor.zeros(rows, columns, type);
        buffers[next[slot]] = fresh;
        next[slot] = (next[slot] + 1) % buffers.length;
        return fresh;
    }
}

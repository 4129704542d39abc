package dev.nn.modelfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Bytes read by position, from an array or a file: a model file and its entries, which may be larger than one Java
 * array, are read a piece at a time, never whole. Multi-byte values are little-endian.
 */
abstract class Region {
    /** How many bytes a file region reads at once. */
    static final int CHUNK = 1 << 20;

    /** The number of bytes. */
    abstract long size();

    /** A new little-endian buffer holding the {@code length} bytes at {@code offset}. */
    abstract ByteBuffer bytes(long offset, int length);

    /** Fills {@code into} with the little-endian doubles at {@code offset}. */
    abstract void doubles(long offset, double[] into);

    /** Passes the bytes {@code [from, to)} to {@code chunks}, in order, a chunk at a time. */
    abstract void stream(long from, long to, Chunks chunks);

    /** What {@link #stream} passes its chunks to. */
    interface Chunks {
        /** {@code chunk} holds the bytes from {@code position}; it is only valid during the call. */
        void accept(long position, ByteBuffer chunk);
    }

    /** The bytes of {@code buffer} from its position to its limit (not copied). */
    static Region of(ByteBuffer buffer) {
        return new Memory(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The {@code size} bytes of {@code channel} from {@code start}; {@code name} says which file in messages. */
    static Region of(FileChannel channel, long start, long size, String name) {
        return new FileRegion(channel, start, size, name);
    }

    /** A part of this region. */
    abstract Region slice(long offset, long length);

    private static final class Memory extends Region {
        private final ByteBuffer bytes;

        Memory(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.capacity();
        }

        @Override
        ByteBuffer bytes(long offset, int length) {
            byte[] copy = new byte[length];
            bytes.get(Math.toIntExact(offset), copy);
            return ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        void doubles(long offset, double[] into) {
            bytes.slice(Math.toIntExact(offset), Math.multiplyExact(into.length, Double.BYTES))
                    .order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(into);
        }

        @Override
        void stream(long from, long to, Chunks chunks) {
            chunks.accept(from, bytes.slice(Math.toIntExact(from), Math.toIntExact(to - from)));
        }

        @Override
        Region slice(long offset, long length) {
            return new Memory(bytes.slice(Math.toIntExact(offset), Math.toIntExact(length))
                    .order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** Positional reads through one reused direct buffer (at most 1 MB); the channel is the caller's to close. */
    private static final class FileRegion extends Region {
        private final FileChannel channel;
        private final long start;
        private final long size;
        private final String name;
        private ByteBuffer buffer;

        FileRegion(FileChannel channel, long start, long size, String name) {
            this.channel = channel;
            this.start = start;
            this.size = size;
            this.name = name;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        ByteBuffer bytes(long offset, int length) {
            ByteBuffer into = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            fill(offset, into);
            return into.flip();
        }

        @Override
        void doubles(long offset, double[] into) {
            ByteBuffer chunk = buffer();
            int done = 0;
            while (done < into.length) {
                int count = Math.min(chunk.capacity() / Double.BYTES, into.length - done);
                chunk.clear().limit(count * Double.BYTES);
                fill(offset + (long) done * Double.BYTES, chunk);
                chunk.flip().asDoubleBuffer().get(into, done, count);
                done += count;
            }
        }

        @Override
        void stream(long from, long to, Chunks chunks) {
            ByteBuffer chunk = buffer();
            for (long at = from; at < to; ) {
                int count = (int) Math.min(chunk.capacity(), to - at);
                chunk.clear().limit(count);
                fill(at, chunk);
                chunks.accept(at, chunk.flip());
                at += count;
            }
        }

        @Override
        Region slice(long offset, long length) {
            return new FileRegion(channel, start + offset, length, name);
        }

        private ByteBuffer buffer() {
            if (buffer == null) {
                int capacity = (int) Math.min(CHUNK, (size + Double.BYTES - 1) / Double.BYTES * Double.BYTES);
                buffer = ByteBuffer.allocateDirect(Math.max(capacity, Double.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            }
            return buffer;
        }

        /** Fills {@code into} from its position to its limit with the bytes at {@code offset}. */
        private void fill(long offset, ByteBuffer into) {
            try {
                long at = start + offset;
                while (into.hasRemaining()) {
                    int read = channel.read(into, at);
                    if (read < 0) {
                        throw new ModelFileException(name + ": the file shrank while it was read; read it again "
                                + "when nothing writes it");
                    }
                    at += read;
                }
            } catch (IOException e) {
                throw new ModelFileException(name + ": cannot read the file: " + e.getMessage());
            }
        }
    }
}

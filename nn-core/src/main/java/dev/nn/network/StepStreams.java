package dev.nn.network;

import dev.nn.random.SplitMix64;
import dev.nn.spi.ForwardContext;

/**
 * The training passes' random streams, one per layer per batch, derived so that an independent program can
 * reproduce them (docs/spec.md, Determinism):
 * <pre>
 *   z = SplitMix64(seed ^ 0x3C6EF372FE94F82B).nextLong()
 *   z = SplitMix64(z ^ layer).nextLong()      (layer: position in layers, from 1)
 *   z = SplitMix64(z ^ epoch).nextLong()      (from 1)
 *   z = SplitMix64(z ^ batch).nextLong()      (within the epoch, from 1)
 *   the step's stream is SplitMix64(z)
 * </pre>
 * Moving to a batch re-seeds the layers' generators in place, so training allocates nothing per batch. Not
 * thread-safe.
 */
public final class StepStreams {
    /** XORed into the seed for the step streams, so they repeat neither the initialisation's nor the shuffle's. */
    public static final long STEP_SEED_MIX = 0x3C6EF372FE94F82BL;

    private final long[] layerSeeds;
    private final SplitMix64[] streams;
    private final ForwardContext[] contexts;

    /** @param layers the number of layers of the network */
    public StepStreams(long seed, int layers) {
        long base = SplitMix64.firstLong(seed ^ STEP_SEED_MIX);
        layerSeeds = new long[layers];
        streams = new SplitMix64[layers];
        contexts = new ForwardContext[layers];
        for (int i = 0; i < layers; i++) {
            layerSeeds[i] = SplitMix64.firstLong(base ^ (i + 1));
            streams[i] = new SplitMix64(0);
            contexts[i] = ForwardContext.training(streams[i]);
        }
        moveTo(1, 1);
    }

    /** Restarts every layer's stream at the start of {@code batch} of {@code epoch} (both counting from 1). */
    public void moveTo(int epoch, int batch) {
        for (int i = 0; i < layerSeeds.length; i++) {
            long z = SplitMix64.firstLong(layerSeeds[i] ^ epoch);
            streams[i].reseed(SplitMix64.firstLong(z ^ batch));
        }
    }

    /** The training context of the layer at {@code index} (from 0), drawing from its current stream. */
    public ForwardContext context(int index) {
        return contexts[index];
    }

    /** The number of layers. */
    public int layers() {
        return contexts.length;
    }
}

package dev.nn.random;

import java.util.random.RandomGenerator;

/**
 * Steele, Lea and Flood's SplitMix64 generator, with every derived draw specified so that other programs (the
 * golden-value scripts) can reproduce it exactly.
 *
 * <ul>
 *   <li>{@link #nextLong()}: {@code state += 0x9E3779B97F4A7C15}; then the mix
 *       {@code z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) * 0x94D049BB133111EB;
 *       z ^ (z >>> 31)}.</li>
 *   <li>{@link #nextDouble()}: {@code (nextLong() >>> 11) * 2^-53}, uniform in {@code [0, 1)}.</li>
 *   <li>{@link #nextGaussian()}: Box-Muller from two draws {@code u1, u2}:
 *       {@code sqrt(-2 ln(1 - u1)) * cos(2 pi u2)}.</li>
 *   <li>{@link #nextIndex(int)}: {@code nextLong()} as unsigned, modulo {@code bound}.</li>
 * </ul>
 * Not thread-safe.
 */
public final class SplitMix64 implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The first {@link #nextLong()} of {@code new SplitMix64(seed)}, without allocating one. */
    public static long firstLong(long seed) {
        long z = seed + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The generator's position: {@code new SplitMix64(state())} continues with exactly the draws this one would
     * make next (a training checkpoint keeps it).
     */
    public long state() {
        return state;
    }

    /** Restarts the sequence as {@code new SplitMix64(seed)} would. */
    public void reseed(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public double nextGaussian() {
        double u1 = nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A value in {@code [0, bound)}: the next long, read as unsigned, modulo {@code bound}. */
    public int nextIndex(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /**
     * Fills {@code order} with a uniformly shuffled {@code 0..n-1}: start from the identity, then for
     * {@code i = n-1} down to {@code 1} swap {@code order[i]} with {@code order[nextIndex(i + 1)]}.
     */
    public void shuffledIndices(int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextIndex(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}

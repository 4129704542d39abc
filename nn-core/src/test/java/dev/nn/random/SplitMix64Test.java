package dev.nn.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reference values are Vigna's published splitmix64.c outputs for seed 0, re-derived independently with this
 * Python 3 transcription of the algorithm (run it to check any value below):
 *
 * <pre>
 * M = (1 &lt;&lt; 64) - 1
 * class S:
 *     def __init__(s, seed): s.s = seed &amp; M
 *     def next_long(s):
 *         s.s = (s.s + 0x9E3779B97F4A7C15) &amp; M
 *         z = s.s
 *         z = ((z ^ (z &gt;&gt; 30)) * 0xBF58476D1CE4E5B9) &amp; M
 *         z = ((z ^ (z &gt;&gt; 27)) * 0x94D049BB133111EB) &amp; M
 *         return z ^ (z &gt;&gt; 31)
 *     def next_double(s): return (s.next_long() &gt;&gt; 11) * 2**-53
 *     def shuffled(s, n):
 *         o = list(range(n))
 *         for i in range(n - 1, 0, -1):
 *             j = s.next_long() % (i + 1)
 *             o[i], o[j] = o[j], o[i]
 *         return o
 * r = S(0); print([hex(r.next_long()) for _ in range(5)])
 * # ['0xe220a8397b1dcdaf', '0x6e789e6aa1b965f4', '0x6c45d188009454f', '0xf88bb8a8724c81ec', '0x1b39896a51a8749b']
 * r = S(0); print([r.next_double() for _ in range(3)])
 * # [0.8833108082136426, 0.43152799704850997, 0.026433771592597743]
 * r = S(0); print(r.shuffled(5))
 * # [2, 3, 1, 4, 0]
 * </pre>
 */
final class SplitMix64Test {
    @Test
    void seedZeroGivesThePublishedReferenceSequence() {
        SplitMix64 random = new SplitMix64(0);

        assertEquals(0xE220A8397B1DCDAFL, random.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, random.nextLong());
        assertEquals(0x06C45D188009454FL, random.nextLong());
        assertEquals(0xF88BB8A8724C81ECL, random.nextLong());
        assertEquals(0x1B39896A51A8749BL, random.nextLong());
    }

    @Test
    void nextDoubleIsTheTop53BitsOfNextLong() {
        SplitMix64 random = new SplitMix64(0);

        assertEquals(0.8833108082136426, random.nextDouble());
        assertEquals(0.43152799704850997, random.nextDouble());
        assertEquals(0.026433771592597743, random.nextDouble());
    }

    @Test
    void nextDoubleStaysInTheHalfOpenUnitInterval() {
        SplitMix64 random = new SplitMix64(123);
        double min = 1;
        double max = 0;
        for (int i = 0; i < 100_000; i++) {
            double value = random.nextDouble();
            assertTrue(value >= 0.0 && value < 1.0, Double.toString(value));
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        assertTrue(min < 0.001 && max > 0.999, min + " " + max);
    }

    @Test
    void theSameSeedGivesTheSameSequenceAndAnotherSeedDoesNot() {
        SplitMix64 first = new SplitMix64(42);
        SplitMix64 second = new SplitMix64(42);
        SplitMix64 other = new SplitMix64(43);
        boolean differs = false;
        for (int i = 0; i < 10; i++) {
            long value = first.nextLong();
            assertEquals(value, second.nextLong());
            differs |= value != other.nextLong();
        }
        assertTrue(differs);
    }

    @Test
    void nextIndexStaysBelowTheBoundAndRejectsNonPositiveBounds() {
        SplitMix64 random = new SplitMix64(5);
        boolean[] seen = new boolean[7];
        for (int i = 0; i < 1000; i++) {
            int index = random.nextIndex(7);
            assertTrue(index >= 0 && index < 7, Integer.toString(index));
            seen[index] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        assertThrows(IllegalArgumentException.class, () -> random.nextIndex(0));
        assertThrows(IllegalArgumentException.class, () -> random.nextIndex(-3));
    }

    @Test
    void shuffledIndicesMatchesTheReferenceFisherYates() {
        int[] order = new int[5];

        new SplitMix64(0).shuffledIndices(order);

        assertArrayEquals(new int[] {2, 3, 1, 4, 0}, order);
    }

    @Test
    void shuffledIndicesIsAPermutationWhateverTheArrayHeld() {
        SplitMix64 random = new SplitMix64(99);
        for (int n : new int[] {0, 1, 2, 13, 100}) {
            int[] order = new int[n];
            Arrays.fill(order, -7);

            random.shuffledIndices(order);

            int[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i], "n = " + n + ": " + Arrays.toString(order));
            }
        }
    }

    @Test
    void shuffledIndicesIsDeterministicForASeedAndMovesElements() {
        int[] first = new int[50];
        int[] second = new int[50];
        int[] identity = new int[50];
        Arrays.setAll(identity, i -> i);

        new SplitMix64(7).shuffledIndices(first);
        new SplitMix64(7).shuffledIndices(second);

        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(identity, first));
    }
}

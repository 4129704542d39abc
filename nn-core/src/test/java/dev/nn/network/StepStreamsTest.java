package dev.nn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.random.SplitMix64;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class StepStreamsTest {
    @Test
    void eachStreamIsTheDocumentedChainOfSplitMix64Seeds() {
        long seed = -7;
        StepStreams steps = new StepStreams(seed, 3);

        steps.moveTo(4, 2);

        for (int layer = 1; layer <= 3; layer++) {
            long z = new SplitMix64(seed ^ 0x3C6EF372FE94F82BL).nextLong();
            z = new SplitMix64(z ^ layer).nextLong();
            z = new SplitMix64(z ^ 4).nextLong();
            z = new SplitMix64(z ^ 2).nextLong();
            SplitMix64 expected = new SplitMix64(z);
            RandomGenerator actual = steps.context(layer - 1).random();
            for (int i = 0; i < 5; i++) {
                assertEquals(expected.nextLong(), actual.nextLong(), "layer " + layer + " draw " + i);
            }
        }
    }

    @Test
    void movingBackToABatchRestartsItsStream() {
        StepStreams steps = new StepStreams(3, 1);
        steps.moveTo(2, 5);
        double first = steps.context(0).random().nextDouble();
        steps.moveTo(2, 6);
        double next = steps.context(0).random().nextDouble();
        steps.moveTo(2, 5);

        assertEquals(first, steps.context(0).random().nextDouble());
        assertNotEquals(first, next);
    }

    @Test
    void streamsAreTrainingContexts() {
        assertTrue(new StepStreams(0, 2).context(1).training());
    }
}

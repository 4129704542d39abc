package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.nn.random.SplitMix64;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.InitializerProvider;
import dev.nn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class InitializersTest {
    private static final int FAN_IN = 300;
    private static final int FAN_OUT = 200;

    @Test
    void theProvidersHaveTheirSpecNames() {
        assertEquals(List.of("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "zeros"),
                List.of(new ScaledInitializerProvider.GlorotUniform().name(),
                        new ScaledInitializerProvider.GlorotNormal().name(),
                        new ScaledInitializerProvider.HeUniform().name(),
                        new ScaledInitializerProvider.HeNormal().name(),
                        new ZerosInitializerProvider().name()));
    }

    @Test
    void glorotUniformStaysWithinItsLimitAndHasUniformStatistics() {
        double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));

        double[] w = draw(new ScaledInitializerProvider.GlorotUniform(), 1);

        assertUniform(w, limit);
    }

    @Test
    void heUniformStaysWithinItsLimitAndHasUniformStatistics() {
        double limit = Math.sqrt(6.0 / FAN_IN);

        double[] w = draw(new ScaledInitializerProvider.HeUniform(), 2);

        assertUniform(w, limit);
    }

    @Test
    void glorotNormalHasItsStandardDeviation() {
        assertNormal(draw(new ScaledInitializerProvider.GlorotNormal(), 3), Math.sqrt(2.0 / (FAN_IN + FAN_OUT)));
    }

    @Test
    void heNormalHasItsStandardDeviation() {
        assertNormal(draw(new ScaledInitializerProvider.HeNormal(), 4), Math.sqrt(2.0 / FAN_IN));
    }

    @Test
    void uniformWeightsAreTheSeededDrawsScaledToTheLimit() {
        // SplitMix64(0)'s first doubles are 0.8833108082136426 and 0.43152799704850997 (see SplitMix64Test).
        Tensor weights = Tensor.zeros(1, 2);

        initializer(new ScaledInitializerProvider.HeUniform()).initialize(weights, 2, 1, new SplitMix64(0));

        double limit = Math.sqrt(6.0 / 2);
        assertArrayEquals(new double[] {(2 * 0.8833108082136426 - 1) * limit, (2 * 0.43152799704850997 - 1) * limit},
                weights.data(), 1e-15);
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        for (InitializerProvider provider : List.of(new ScaledInitializerProvider.GlorotUniform(),
                new ScaledInitializerProvider.GlorotNormal(), new ScaledInitializerProvider.HeUniform(),
                new ScaledInitializerProvider.HeNormal())) {
            assertArrayEquals(draw(provider, 11), draw(provider, 11), provider.name());
            assertNotEquals(draw(provider, 11)[0], draw(provider, 12)[0], provider.name());
        }
    }

    @Test
    void zerosOverwritesEveryWeightAndDrawsNothing() {
        RandomGenerator random = mock(RandomGenerator.class);
        Tensor weights = Tensor.zeros(3, 4).fillInPlace(Double.NaN);

        initializer(new ZerosInitializerProvider()).initialize(weights, 4, 3, random);

        assertArrayEquals(new double[12], weights.data());
        verifyNoInteractions(random);
    }

    private static double[] draw(InitializerProvider provider, long seed) {
        Tensor weights = Tensor.zeros(FAN_OUT, FAN_IN);
        initializer(provider).initialize(weights, FAN_IN, FAN_OUT, new SplitMix64(seed));
        return weights.data();
    }

    private static Initializer initializer(InitializerProvider provider) {
        return provider.create(ComponentParameters.empty());
    }

    /** Every value in {@code [-limit, limit]}, both ends nearly reached, mean 0 and variance {@code limit^2 / 3}. */
    private static void assertUniform(double[] w, double limit) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : w) {
            assertTrue(Math.abs(value) <= limit, value + " outside +-" + limit);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        assertTrue(min < -0.999 * limit && max > 0.999 * limit, min + ", " + max + " for limit " + limit);
        // With n = 60000 the mean's standard deviation is limit / sqrt(3 n) ~ 0.0024 limit.
        assertEquals(0, mean(w), 0.012 * limit);
        assertEquals(limit * limit / 3, variance(w), 0.02 * limit * limit / 3);
    }

    private static void assertNormal(double[] w, double std) {
        assertEquals(0, mean(w), 5 * std / Math.sqrt(w.length));
        assertEquals(std, Math.sqrt(variance(w)), 0.02 * std);
        // About 0.27% of a normal lies beyond 3 standard deviations, none of a uniform.
        long beyondThree = Arrays.stream(w).filter(v -> Math.abs(v) > 3 * std).count();
        assertTrue(beyondThree > 0.001 * w.length && beyondThree < 0.005 * w.length, Long.toString(beyondThree));
    }

    private static double mean(double[] w) {
        double sum = 0;
        for (double value : w) {
            sum += value;
        }
        return sum / w.length;
    }

    private static double variance(double[] w) {
        double m = mean(w);
        double sum = 0;
        for (double value : w) {
            sum += (value - m) * (value - m);
        }
        return sum / w.length;
    }
}

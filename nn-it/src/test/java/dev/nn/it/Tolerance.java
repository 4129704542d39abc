package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares the platform's doubles with independently computed ones.
 *
 * <p>{@code actual} is close to {@code expected} when {@code |actual - expected| <= relative * max(|expected|,
 * 1e-12)}: a relative error, with a floor on the scale so that an expected exact zero (or a value that cancelled to
 * nearly zero) accepts a difference of {@code relative * 1e-12} instead of demanding bit equality. The golden values'
 * README bounds the honest difference (a different ulp from {@code exp}, {@code log}, {@code tanh} or {@code cos})
 * by about 1e-15 relative, and a real bug (a wrong derivative, a lost momentum term, a wrong sample order) moves
 * values by far more than 1e-9; {@link #GOLDEN} sits between the two.
 */
final class Tolerance {
    /** The relative tolerance for golden values. */
    static final double GOLDEN = 1e-9;
    /** The smallest scale a relative tolerance is taken of. */
    static final double SCALE_FLOOR = 1e-12;

    private Tolerance() {
    }

    /** Whether {@code actual} is within {@code relative} of {@code expected}, as the class comment defines. */
    static boolean close(double expected, double actual, double relative) {
        return Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), SCALE_FLOOR);
    }

    /** Fails unless {@code actual} is within {@code relative} of {@code expected}. */
    static void assertClose(double expected, double actual, double relative, String what) {
        if (!close(expected, actual, relative)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (relative error "
                    + Math.abs(actual - expected) / Math.max(Math.abs(expected), SCALE_FLOOR) + " > " + relative
                    + ")");
        }
    }

    /** Fails unless both have the same shape and every value is within {@code relative} of the expected one. */
    static void assertClose(Matrix expected, Matrix actual, double relative, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.values().length; i++) {
            assertClose(expected.values()[i], actual.values()[i], relative,
                    what + "[" + i / expected.columns() + "][" + i % expected.columns() + "]");
        }
    }
}

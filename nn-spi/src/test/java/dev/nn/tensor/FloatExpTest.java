package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link FloatElementwise#exp}, the float32 softmax's exponential, against {@code Math.exp} (double, rounded once to
 * float): within 2 ulps over the whole range where the result is neither 0 nor infinite, and the edges and special
 * values as documented.
 */
final class FloatExpTest {
    @Test
    void isWithinTwoUlpsOfMathExpFromUnderflowToOverflow() {
        int count = 2_000_001;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -104f + (88.72f + 104f) * i / (count - 1);
        }
        float[] y = new float[count];
        FloatElementwise.exp(x, y);
        long worst = 0;
        float worstAt = 0;
        for (int i = 0; i < count; i++) {
            float expected = (float) Math.exp(x[i]);
            long ulps = Math.abs((long) Float.floatToIntBits(expected) - Float.floatToIntBits(y[i]));
            if (ulps > worst) {
                worst = ulps;
                worstAt = x[i];
            }
        }
        assertTrue(worst <= 2, worst + " ulps at " + worstAt);
    }

    @Test
    void edgesAndSpecialValuesAreThoseOfTheExponential() {
        float[] x = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.73f, 1e6f,
            -104f, -1e6f, -103.9f};
        float[] y = new float[x.length];
        FloatElementwise.exp(x, y);
        assertEquals(1f, y[0]);
        assertEquals(1f, y[1]);
        assertEquals((float) Math.E, y[2], Math.ulp((float) Math.E));
        assertEquals((float) Math.exp(-1), y[3], Math.ulp((float) Math.exp(-1)));
        assertTrue(Float.isNaN(y[4]));
        assertEquals(Float.POSITIVE_INFINITY, y[5]);
        assertEquals(0f, y[6]);
        assertEquals(Float.POSITIVE_INFINITY, y[7]);
        assertEquals(Float.POSITIVE_INFINITY, y[8]);
        assertEquals(0f, y[9]);
        assertEquals(0f, y[10]);
        assertEquals(Float.MIN_VALUE, y[11], "e^-103.9 rounds to the smallest subnormal, as Math.exp does");
    }

    @Test
    void canWriteOverItsInput() {
        float[] x = {0.5f, -2f, 3f};
        float[] copy = x.clone();
        float[] y = new float[3];
        FloatElementwise.exp(copy, y);
        FloatElementwise.exp(x, x);
        assertEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(x));
    }
}

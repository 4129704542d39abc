package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API loops against the plain loops, bit for bit ({@link Double#floatToIntBits}: every NaN counts as
 * one value, as Java promises no NaN payload), on lengths below, at and around whole vectors (odd ones included), on
 * values that mix ordinary numbers with signed zeros, subnormals, huge numbers, infinities and NaN. Each case runs
 * often enough that the optimising compiler has compiled the vector loops before the last comparisons.
 */
final class FloatElementwiseAgreementTest {
    private static final FloatElementwiseKernel SCALAR = new ScalarFloatElementwise();
    private static final FloatElementwiseKernel VECTOR = FloatElementwise.vector();
    private static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    private static final int ROUNDS = 3_000;

    private static final float[] SPECIAL = {
        0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -1e-40f, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e30f, -1e-30f,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 37, 101})
    void everyLoopGivesTheScalarBits(int n) {
        int[] lengths = {n, LANES * 2 + n};
        for (int length : lengths) {
            Random random = new Random(31L * length + 7);
            float[][] operands = new float[4][];
            for (int round = 0; round < ROUNDS; round++) {
                boolean special = round % 3 == 0;
                for (int k = 0; k < operands.length; k++) {
                    operands[k] = values(random, length, special);
                }
                float alpha = round % 2 == 0 ? 0.01f : 0.3f;
                float decay = round % 4 < 2 ? 0f : 1e-4f;
                boolean nesterov = round % 5 == 0;
                float[] in = operands[0];
                float[] grad = operands[1];
                float[] m = operands[2];
                float[] v = abs(operands[3]);
                float correction1 = (float) (1 - Math.pow(0.9f, round + 1));
                float correction2 = (float) (1 - Math.pow(0.999f, round + 1));
                agree("relu", in, length, k -> k.relu(in, out(k, length), length));
                agree("exp", in, length, k -> k.exp(in, out(k, length), 0, length));
                agree("relu gradient", in, length, k -> k.reluGradient(in, grad, out(k, length), length));
                agree("leaky relu", in, length, k -> k.leakyRelu(in, out(k, length), length, alpha));
                agree("leaky relu gradient", in, length,
                        k -> k.leakyReluGradient(in, grad, out(k, length), length, alpha));
                agreeInPlace("sgd", length, new float[][] {in, grad},
                        (k, s) -> k.sgd(s[0], s[1], length, 0.05f, decay));
                agreeInPlace("sgd momentum", length, new float[][] {in, grad, m},
                        (k, s) -> k.sgdMomentum(s[0], s[1], s[2], length, 0.05f, 0.9f, nesterov, decay));
                agreeInPlace("adam", length, new float[][] {in, grad, m, v},
                        (k, s) -> k.adam(s[0], s[1], s[2], s[3], 0, length, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, decay,
                                -1e-3f / correction1, (float) Math.sqrt(correction2)));
                int columns = Math.max(1, length / 3);
                int rows = length / columns;
                float[] row = Arrays.copyOf(grad, columns);
                agreeInPlace("add to every row", length, new float[][] {in},
                        (k, s) -> k.addToEveryRow(s[0], rows, columns, row));
                assertEquals(SCALAR.allFinite(in, length), VECTOR.allFinite(in, length), "all finite, " + length);
            }
        }
    }

    @Test
    void allFiniteFindsOneNonFiniteValueAnywhere() {
        for (int length = 1; length <= 4 * LANES + 3; length++) {
            for (int at = 0; at < length; at++) {
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    float[] values = new float[length];
                    Arrays.fill(values, Float.MAX_VALUE);
                    values[at] = bad;
                    assertFalse(VECTOR.allFinite(values, length), bad + " at " + at + " of " + length);
                    assertFalse(SCALAR.allFinite(values, length), bad + " at " + at + " of " + length);
                }
            }
            float[] finite = new float[length];
            Arrays.fill(finite, -Float.MAX_VALUE);
            assertTrue(VECTOR.allFinite(finite, length));
        }
    }

    /** The public methods compute the loops their comments give, written out here in float arithmetic. */
    @Test
    void thePublicMethodsComputeTheirDocumentedLoops() {
        Random random = new Random(3);
        int rows = 5;
        int columns = 2 * LANES + 3;
        float[] in = values(random, rows * columns, true);
        float[] grad = values(random, rows * columns, false);
        float[] expected = new float[in.length];
        float[] actual = new float[in.length];

        for (int i = 0; i < in.length; i++) {
            expected[i] = grad[i] * (in[i] > 0 ? 1f : 0f);
        }
        FloatElementwise.reluGradient(in, grad, actual);
        assertSameBits("relu gradient", expected, actual);

        for (int i = 0; i < in.length; i++) {
            expected[i] = grad[i] * (in[i] > 0 ? 1f : 0.01f);
        }
        FloatElementwise.leakyReluGradient(in, grad, actual, 0.01f);
        assertSameBits("leaky relu gradient", expected, actual);

        float[] row = Arrays.copyOf(grad, columns);
        for (int i = 0; i < in.length; i++) {
            expected[i] = in[i] + row[i % columns];
        }
        System.arraycopy(in, 0, actual, 0, in.length);
        FloatElementwise.addToEveryRow(actual, rows, columns, row);
        assertSameBits("bias add", expected, actual);

        for (int i = 0; i < in.length; i++) { // torch.optim.SGD's float32 kernels: p.add_(g.add(p, alpha=wd), alpha=-lr)
            expected[i] = Math.fma(Math.fma(in[i], 1e-4f, grad[i]), -0.05f, in[i]);
        }
        System.arraycopy(in, 0, actual, 0, in.length);
        FloatElementwise.sgd(actual, grad, 0.05f, 1e-4f);
        assertSameBits("sgd", expected, actual);

        float[] m = values(random, in.length, false);
        float[] v = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            v[i] = Math.abs(grad[i]) / 7;
        }
        float[] expectedM = new float[in.length];
        float[] expectedV = new float[in.length];
        float step = (float) -(1e-3 / (1 - Math.pow(0.9, 3)));
        float root = (float) Math.sqrt(1 - Math.pow(0.999, 3));
        for (int i = 0; i < in.length; i++) { // torch.optim.Adam's float32 operations, step 3
            float d = Math.fma(in[i], 0.01f, grad[i]);
            expectedM[i] = Math.fma(d, (float) (1 - 0.9), m[i] * 0.9f);
            expectedV[i] = Math.fma((float) (1 - 0.999) * d, d, v[i] * 0.999f);
            expected[i] = in[i] + (step * expectedM[i]) / ((float) Math.sqrt(expectedV[i]) / root + 1e-8f);
        }
        System.arraycopy(in, 0, actual, 0, in.length);
        FloatElementwise.adam(actual, grad, m, v, 1e-3, 0.9, 0.999, 1e-8, 0.01, 3);
        assertSameBits("adam", expected, actual);
        assertSameBits("adam first moment", expectedM, m);
        assertSameBits("adam second moment", expectedV, v);

        float[] finite = values(random, 37, false);
        assertTrue(FloatElementwise.allFinite(finite));
        finite[36] = Float.POSITIVE_INFINITY;
        assertFalse(FloatElementwise.allFinite(finite));

        IllegalArgumentException shape = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> FloatElementwise.addToEveryRow(new float[6], 2, 3, new float[2]));
        assertEquals("a row of 2 elements added to every row of a 2 x 3 matrix of 6 elements", shape.getMessage());
    }

    /** With the module (as the tests run) the vector loops; a JVM without it picks the plain loops by itself. */
    @Test
    void theLoopsFollowTheVectorModule() throws IOException, InterruptedException {
        assertTrue(FloatElementwise.implementation().startsWith("vector"), FloatElementwise.implementation());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(FloatElementwiseProbe.class) + File.pathSeparator + location(FloatElementwise.class);
        Process process = new ProcessBuilder(java, "-cp", classPath, FloatElementwiseProbe.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals("scalar [0.0, 2.0, 0.0, 4.0, 0.0]", output);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final float[][] OUTPUTS = new float[2][];

    /** The output buffer of kernel {@code k}, filled with a marker so that an unwritten element shows. */
    private static float[] out(FloatElementwiseKernel k, int length) {
        float[] out = new float[length];
        Arrays.fill(out, 12345f);
        OUTPUTS[k == SCALAR ? 0 : 1] = out;
        return out;
    }

    private static void agree(String what, float[] in, int length, Consumer<FloatElementwiseKernel> loop) {
        loop.accept(SCALAR);
        loop.accept(VECTOR);
        assertSameBits(what + ", length " + length, OUTPUTS[0], OUTPUTS[1]);
    }

    private interface InPlace {
        void run(FloatElementwiseKernel kernel, float[][] state);
    }

    /** Runs {@code loop} on a copy of {@code state} for each kernel and compares every array afterwards. */
    private static void agreeInPlace(String what, int length, float[][] state, InPlace loop) {
        float[][] scalar = copy(state);
        float[][] vector = copy(state);
        loop.run(SCALAR, scalar);
        loop.run(VECTOR, vector);
        for (int k = 0; k < state.length; k++) {
            assertSameBits(what + ", array " + k + ", length " + length, scalar[k], vector[k]);
        }
    }

    private static float[][] copy(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            copy[k] = arrays[k].clone();
        }
        return copy;
    }

    private static void assertSameBits(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + " (vector), "
                        + expected[i] + " (scalar)");
            }
        }
    }

    private static float[] values(Random random, int length, boolean special) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = special && random.nextInt(4) == 0
                    ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
        }
        return values;
    }

    private static float[] abs(float[] values) {
        float[] abs = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            abs[i] = Math.abs(values[i]);
        }
        return abs;
    }
}

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
 * The Vector API loops against the plain loops, bit for bit ({@link Double#doubleToLongBits}: every NaN counts as
 * one value, as Java promises no NaN payload), on lengths below, at and around whole vectors (odd ones included), on
 * values that mix ordinary numbers with signed zeros, subnormals, huge numbers, infinities and NaN. Each case runs
 * often enough that the optimising compiler has compiled the vector loops before the last comparisons.
 */
final class ElementwiseAgreementTest {
    private static final ElementwiseKernel SCALAR = new ScalarElementwise();
    private static final ElementwiseKernel VECTOR = Elementwise.vector();
    private static final int LANES = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
    private static final int ROUNDS = 3_000;

    private static final double[] SPECIAL = {
        0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e300, -1e-300,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 37, 101})
    void everyLoopGivesTheScalarBits(int n) {
        int[] lengths = {n, LANES * 2 + n};
        for (int length : lengths) {
            Random random = new Random(31L * length + 7);
            double[][] operands = new double[4][];
            for (int round = 0; round < ROUNDS; round++) {
                boolean special = round % 3 == 0;
                for (int k = 0; k < operands.length; k++) {
                    operands[k] = values(random, length, special);
                }
                double alpha = round % 2 == 0 ? 0.01 : 0.3;
                double decay = round % 4 < 2 ? 0.0 : 1e-4;
                boolean nesterov = round % 5 == 0;
                double[] in = operands[0];
                double[] grad = operands[1];
                double[] m = operands[2];
                double[] v = abs(operands[3]);
                double correction1 = 1 - Math.pow(0.9, round + 1);
                double correction2 = 1 - Math.pow(0.999, round + 1);
                agree("relu", in, length, k -> k.relu(in, out(k, length), length));
                agree("relu gradient", in, length, k -> k.reluGradient(in, grad, out(k, length), length));
                agree("leaky relu", in, length, k -> k.leakyRelu(in, out(k, length), length, alpha));
                agree("leaky relu gradient", in, length,
                        k -> k.leakyReluGradient(in, grad, out(k, length), length, alpha));
                agreeInPlace("sgd", length, new double[][] {in, grad},
                        (k, s) -> k.sgd(s[0], s[1], length, 0.05, decay));
                agreeInPlace("sgd momentum", length, new double[][] {in, grad, m},
                        (k, s) -> k.sgdMomentum(s[0], s[1], s[2], length, 0.05, 0.9, nesterov, decay));
                agreeInPlace("adam", length, new double[][] {in, grad, m, v},
                        (k, s) -> k.adam(s[0], s[1], s[2], s[3], length, 1e-3, 0.9, 0.999, 1e-8, decay,
                                correction1, correction2));
                int columns = Math.max(1, length / 3);
                int rows = length / columns;
                double[] row = Arrays.copyOf(grad, columns);
                agreeInPlace("add to every row", length, new double[][] {in},
                        (k, s) -> k.addToEveryRow(s[0], rows, columns, row));
                assertEquals(SCALAR.allFinite(in, length), VECTOR.allFinite(in, length), "all finite, " + length);
            }
        }
    }

    @Test
    void allFiniteFindsOneNonFiniteValueAnywhere() {
        for (int length = 1; length <= 4 * LANES + 3; length++) {
            for (int at = 0; at < length; at++) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] values = new double[length];
                    Arrays.fill(values, Double.MAX_VALUE);
                    values[at] = bad;
                    assertFalse(VECTOR.allFinite(values, length), bad + " at " + at + " of " + length);
                    assertFalse(SCALAR.allFinite(values, length), bad + " at " + at + " of " + length);
                }
            }
            double[] finite = new double[length];
            Arrays.fill(finite, -Double.MAX_VALUE);
            assertTrue(VECTOR.allFinite(finite, length));
        }
    }

    /**
     * Arrays from {@link Elementwise#PARALLEL_ELEMENTS} on are shared between threads: the SGD update still equals
     * the plain loop bit for bit, and a NaN or infinity is found in any part, at its edges included.
     */
    @Test
    void largeArraysSharedBetweenThreadsGiveThePlainLoopsResults() {
        Random random = new Random(17);
        int n = 3 * Elementwise.PARALLEL_ELEMENTS + 13;
        double[] p = values(random, n, false);
        double[] g = values(random, n, false);
        double[] expected = p.clone();
        ScalarElementwise.sgdLoop(expected, g, 0, n, 0.05, 1e-4);
        Elementwise.sgd(p, g, 0.05, 1e-4);
        assertSameBits("sgd of " + n, expected, p);
        assertTrue(Elementwise.allFinite(p));
        for (int at : new int[] {0, 7, 8, n / 2 - 1, n / 2, n / 2 + 1, n - 9, n - 1}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                double[] values = p.clone();
                values[at] = bad;
                assertFalse(Elementwise.allFinite(values), bad + " at " + at + " of " + n);
            }
        }
    }

    /** With the module (as the tests run) the vector loops; a JVM without it picks the plain loops by itself. */
    @Test
    void theLoopsFollowTheVectorModule() throws IOException, InterruptedException {
        assertTrue(Elementwise.implementation().startsWith("vector"), Elementwise.implementation());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(ElementwiseProbe.class) + File.pathSeparator + location(Elementwise.class);
        Process process = new ProcessBuilder(java, "-cp", classPath, ElementwiseProbe.class.getName())
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

    private static final double[][] OUTPUTS = new double[2][];

    /** The output buffer of kernel {@code k}, filled with a marker so that an unwritten element shows. */
    private static double[] out(ElementwiseKernel k, int length) {
        double[] out = new double[length];
        Arrays.fill(out, 12345.0);
        OUTPUTS[k == SCALAR ? 0 : 1] = out;
        return out;
    }

    private static void agree(String what, double[] in, int length, Consumer<ElementwiseKernel> loop) {
        loop.accept(SCALAR);
        loop.accept(VECTOR);
        assertSameBits(what + ", length " + length, OUTPUTS[0], OUTPUTS[1]);
    }

    private interface InPlace {
        void run(ElementwiseKernel kernel, double[][] state);
    }

    /** Runs {@code loop} on a copy of {@code state} for each kernel and compares every array afterwards. */
    private static void agreeInPlace(String what, int length, double[][] state, InPlace loop) {
        double[][] scalar = copy(state);
        double[][] vector = copy(state);
        loop.run(SCALAR, scalar);
        loop.run(VECTOR, vector);
        for (int k = 0; k < state.length; k++) {
            assertSameBits(what + ", array " + k + ", length " + length, scalar[k], vector[k]);
        }
    }

    private static double[][] copy(double[][] arrays) {
        double[][] copy = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            copy[k] = arrays[k].clone();
        }
        return copy;
    }

    private static void assertSameBits(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + " (vector), "
                        + expected[i] + " (scalar)");
            }
        }
    }

    private static double[] values(Random random, int length, boolean special) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = special && random.nextInt(4) == 0
                    ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
        return values;
    }

    private static double[] abs(double[] values) {
        double[] abs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            abs[i] = Math.abs(values[i]);
        }
        return abs;
    }
}

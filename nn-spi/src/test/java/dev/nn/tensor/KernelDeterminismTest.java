package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Results do not depend on the number of threads, on the kernel, on other products running at the same time, or on
 * the run: each output element is always the same chain of operations.
 */
final class KernelDeterminismTest {
    /** Shapes of the benchmark networks (784-256-128-10 at batch 64, 784-1024-1024-10 at 256) and odd ones. */
    private static final int[][] SHAPES = {{64, 256, 784}, {256, 1024, 784}, {256, 1024, 1024}, {131, 97, 389}};

    @Test
    void threadCountsAndKernelsGiveBitIdenticalResults() {
        for (int[] shape : SHAPES) {
            double[][] reference = KernelProbe.products(new Gemm(Kernels.scalar(), 1), shape, 7);
            for (String kernel : KernelAgreementTest.kernels()) {
                for (int threads : new int[] {1, 2, 3, 4}) {
                    double[][] actual = KernelProbe.products(new Gemm(Kernels.select(kernel), threads), shape, 7);
                    for (int layout = 0; layout < 3; layout++) {
                        assertArrayEquals(reference[layout], actual[layout], 0.0,
                                kernel + ", " + threads + " threads, layout " + layout);
                    }
                }
            }
        }
    }

    @Test
    void repeatedRunsGiveBitIdenticalResults() {
        Gemm gemm = new Gemm(Kernels.select("auto"), 2);
        int[] shape = {256, 1024, 784};
        double[][] first = KernelProbe.products(gemm, shape, 11);
        for (int run = 0; run < 5; run++) {
            double[][] again = KernelProbe.products(gemm, shape, 11);
            for (int layout = 0; layout < 3; layout++) {
                assertArrayEquals(first[layout], again[layout], 0.0, "run " + run + ", layout " + layout);
            }
        }
    }

    @Test
    void productsRunningAtTheSameTimeGiveTheSameResults() throws InterruptedException {
        Gemm gemm = new Gemm(Kernels.select("auto"), 2);
        int[] shape = {128, 512, 384};
        double[][] expected = KernelProbe.products(new Gemm(Kernels.scalar(), 1), shape, 3);
        int callers = 3;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int repeat = 0; repeat < 10; repeat++) {
                        double[][] actual = KernelProbe.products(gemm, shape, 3);
                        for (int layout = 0; layout < 3; layout++) {
                            assertArrayEquals(expected[layout], actual[layout], 0.0);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void thePublicProductsUseTheConfiguredEngineAndAgreeWithTheScalarKernel() {
        int n = 64;
        int k = 784;
        int m = 256;
        Random random = new Random(5);
        Tensor x = Tensor.wrap(n, k, KernelProbe.random(random, n * k));
        Tensor w = Tensor.wrap(m, k, KernelProbe.random(random, m * k));
        Tensor dz = Tensor.wrap(n, m, KernelProbe.random(random, n * m));
        Tensor z = Tensor.zeros(n, m);
        Tensor dw = Tensor.zeros(m, k);
        Tensor dx = Tensor.zeros(n, k);
        MatrixProducts.multiplyTransposedB(x, w, z);
        MatrixProducts.multiplyTransposedA(dz, x, dw);
        MatrixProducts.multiply(dz, w, dx);

        Gemm scalar = new Gemm(Kernels.scalar(), 1);
        double[] expectedZ = new double[n * m];
        scalar.product(x.data(), k, 1, w.data(), 1, k, expectedZ, n, m, k);
        double[] expectedDw = new double[m * k];
        scalar.product(dz.data(), 1, m, x.data(), k, 1, expectedDw, m, k, n);
        double[] expectedDx = new double[n * k];
        scalar.product(dz.data(), m, 1, w.data(), k, 1, expectedDx, n, k, m);
        assertArrayEquals(expectedZ, z.data(), 0.0);
        assertArrayEquals(expectedDw, dw.data(), 0.0);
        assertArrayEquals(expectedDx, dx.data(), 0.0);
        assertTrue(MatrixProducts.implementation().contains("thread"), MatrixProducts.implementation());
    }

    @Test
    void badSettingsAreRejectedNamingTheProperty() {
        IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class, () -> Kernels.select("gpu"));
        assertTrue(kernel.getMessage().contains("nn.kernels=gpu"), kernel.getMessage());
        IllegalArgumentException tile = assertThrows(IllegalArgumentException.class,
                () -> Kernels.select("vector:5x5"));
        assertTrue(tile.getMessage().contains("nn.kernels=vector:5x5"), tile.getMessage());
        assertTrue(tile.getMessage().contains("6x2, 8x3, 6x4, 4x4"), tile.getMessage());
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> Kernels.threads("0"));
        assertTrue(threads.getMessage().contains("nn.threads=0"), threads.getMessage());
        assertEquals(3, Kernels.threads("3"));
        assertEquals(Runtime.getRuntime().availableProcessors(), Kernels.threads(null));
    }

    /**
     * The tile follows the register file: 16 vector registers (x86 up to AVX2, or an AVX-512 machine run with
     * {@code -XX:UseAVX=2}, where C2 uses only ymm0-15) get 6x2, 32 (x86 with AVX-512 at any vector width, aarch64) get
     * 4x4; an unknown architecture gets the shape that fits 16. Each chosen tile keeps all its vectors in registers.
     */
    @Test
    void theTileFitsTheVectorRegisters() {
        assertEquals(16, Kernels.vectorRegisters("amd64", 256, "2"));
        assertEquals(16, Kernels.vectorRegisters("amd64", 128, "1"));
        assertEquals(32, Kernels.vectorRegisters("amd64", 512, "3"));
        assertEquals(32, Kernels.vectorRegisters("amd64", 256, "3"));
        assertEquals(32, Kernels.vectorRegisters("amd64", 512, null));
        assertEquals(16, Kernels.vectorRegisters("amd64", 256, null));
        assertEquals(32, Kernels.vectorRegisters("aarch64", 128, null));
        assertEquals(16, Kernels.vectorRegisters("sparcv9", 128, null));
        assertEquals("6x2", Kernels.tileFor(16));
        assertEquals("4x4", Kernels.tileFor(32));
        if (Kernels.vectorModulePresent()) {
            for (int registers : new int[] {16, 32}) {
                VectorMicroKernel kernel = (VectorMicroKernel) Kernels.vector(Kernels.tileFor(registers));
                assertTrue(kernel.registers() <= registers, kernel.description());
            }
        }
    }

    /**
     * On an x86 machine with AVX-512, a JVM limited to AVX2 ({@code -XX:UseAVX=2}) picks the 16-register tile on
     * 256-bit vectors, and one allowed AVX-512 the 32-register tile on 512-bit vectors; a forced tile is taken as
     * given. All compute the same numbers as this JVM, in float64 and in float32.
     */
    @Test
    void aJvmLimitedToAvx2PicksTheTileForSixteenRegisters() throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorModulePresent() && avx512Hardware(),
                "needs an x86 machine with AVX-512 and a JVM with " + Kernels.VECTOR_MODULE);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(KernelProbe.class) + File.pathSeparator + location(Gemm.class);
        String expected = KernelProbe.checksum(new Gemm(Kernels.scalar(), 2),
                new FloatGemm(Kernels.selectFloat("scalar"), 2));
        String avx2 = runProbe(java, classPath, "auto", "--add-modules", Kernels.VECTOR_MODULE, "-XX:UseAVX=2");
        assertTrue(avx2.contains("vector 6x2 (jdk.incubator.vector, 256-bit"), avx2);
        assertTrue(avx2.endsWith(expected), avx2 + " vs " + expected);
        String avx512 = runProbe(java, classPath, "auto", "--add-modules", Kernels.VECTOR_MODULE);
        assertTrue(avx512.contains("vector 4x4 (jdk.incubator.vector, 512-bit"), avx512);
        assertTrue(avx512.endsWith(expected), avx512 + " vs " + expected);
        String forced = runProbe(java, classPath, "vector:6x4", "--add-modules", Kernels.VECTOR_MODULE,
                "-XX:UseAVX=2");
        assertTrue(forced.contains("vector 6x4 (jdk.incubator.vector, 256-bit"), forced);
        assertTrue(forced.endsWith(expected), forced + " vs " + expected);
    }

    private static boolean avx512Hardware() {
        if (!System.getProperty("os.arch").equals("amd64")) {
            return false;
        }
        try {
            return java.nio.file.Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A JVM started without {@code --add-modules jdk.incubator.vector} picks the scalar kernel by itself, refuses to
     * force the vector one, and computes the same numbers.
     */
    @Test
    void withoutTheVectorModuleTheScalarKernelIsChosen() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(KernelProbe.class) + File.pathSeparator + location(Gemm.class);
        String auto = runProbe(java, classPath, "auto");
        assertTrue(auto.startsWith("scalar"), auto);
        String expected = KernelProbe.checksum(new Gemm(Kernels.select("auto"), 2),
                new FloatGemm(Kernels.selectFloat("auto"), 2));
        assertTrue(auto.endsWith(expected), auto + " vs " + expected);
        String vector = runProbe(java, classPath, "vector");
        assertTrue(vector.contains("--add-modules jdk.incubator.vector"), vector);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String runProbe(String java, String classPath, String kernels, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-Dnn.kernels=" + kernels, "-cp", classPath, KernelProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        return output;
    }
}

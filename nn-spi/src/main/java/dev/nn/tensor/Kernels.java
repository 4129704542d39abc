package dev.nn.tensor;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the product kernel and the thread count once, from two system properties:
 * <ul>
 *   <li>{@code nn.kernels}: {@code auto} (default), {@code vector}, {@code vector:RxV} or {@code scalar}.
 *   {@code auto} takes the JDK Vector API kernel when {@code jdk.incubator.vector} is in the boot layer (the JVM was
 *   started with {@code --add-modules jdk.incubator.vector}) and the C2 compiler, which makes it fast, is on;
 *   otherwise the scalar kernel. {@code vector} fails when the module is absent. Both pick the vector tile for the
 *   machine ({@link #tileFor}); {@code vector:RxV} forces a tile of {@code R} rows by {@code V} vectors, one of
 *   {@link #TILES}.</li>
 *   <li>{@code nn.threads}: threads per large product; default the number of available processors.</li>
 * </ul>
 * The same choice serves the float64 products ({@link Gemm}) and the float32 ones ({@link FloatGemm}). It changes
 * speed only: every kernel, tile and thread count gives bit-identical results.
 */
final class Kernels {
    static final String KERNELS_PROPERTY = "nn.kernels";
    static final String THREADS_PROPERTY = "nn.threads";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The vector tiles there are, {@code RxV}: R rows by V vectors of accumulators. */
    static final List<String> TILES = List.of("6x2", "8x3", "6x4", "4x4");
    /** The tile for 16 vector registers: 12 accumulators, 2 panel vectors and a broadcast, 15 in all. */
    static final String TILE_16_REGISTERS = "6x2";
    /**
     * The tile for 32 vector registers: 16 accumulators, 4 panel vectors and a broadcast, 21 in all; on AVX-512 it
     * measured faster than 8x3 (28 registers), 6x4 (29) and 6x2 (docs/performance.md, "Kernels").
     */
    static final String TILE_32_REGISTERS = "4x4";

    private Kernels() {
    }

    /** The engine configured by the system properties. */
    static Gemm fromProperties() {
        return new Gemm(select(System.getProperty(KERNELS_PROPERTY, "auto")), threads(System.getProperty(THREADS_PROPERTY)));
    }

    /** The float32 engine configured by the same system properties. */
    static FloatGemm floatFromProperties() {
        return new FloatGemm(selectFloat(System.getProperty(KERNELS_PROPERTY, "auto")),
                threads(System.getProperty(THREADS_PROPERTY)));
    }

    static MicroKernel select(String requested) {
        String choice = resolve(requested);
        return choice.equals("scalar") ? scalar() : vector(choice);
    }

    /** {@link #select} for the float32 products of {@link FloatGemm}: the same choice on {@code float} kernels. */
    static FloatMicroKernel selectFloat(String requested) {
        String choice = resolve(requested);
        return choice.equals("scalar") ? new ScalarFloatMicroKernel() : vectorFloat(choice);
    }

    /**
     * What an {@code nn.kernels} value asks for on this JVM: {@code "scalar"} or the vector tile {@code "RxV"}; throws
     * with the property's name on a value it does not know, or {@code vector} without the module.
     */
    static String resolve(String requested) {
        String choice = requested.trim().toLowerCase(Locale.ROOT);
        if (choice.equals("scalar")) {
            return "scalar";
        }
        if (choice.equals("auto")) {
            return vectorModulePresent() && optimizingCompilerOn() ? machineTile() : "scalar";
        }
        if (choice.equals("vector") || choice.startsWith("vector:")) {
            String tile = choice.equals("vector") ? null : choice.substring("vector:".length()).trim();
            if (tile != null && !TILES.contains(tile)) {
                throw new IllegalArgumentException("-D" + KERNELS_PROPERTY + "=" + requested
                        + ": no vector tile " + tile + "; the tiles are " + String.join(", ", TILES)
                        + " (rows x vectors)");
            }
            if (!vectorModulePresent()) {
                throw new IllegalStateException("-D" + KERNELS_PROPERTY + "=" + requested + ", but " + VECTOR_MODULE
                        + " is not in the boot layer; start the JVM with --add-modules " + VECTOR_MODULE);
            }
            return tile == null ? machineTile() : tile;
        }
        throw new IllegalArgumentException("-D" + KERNELS_PROPERTY + "=" + requested
                + ": expected auto, vector, vector:RxV (RxV one of " + String.join(", ", TILES) + ") or scalar");
    }

    /**
     * The tile that fits a register file of {@code registers} vector registers without spilling: 6x2 on 16 (x86
     * with AVX2), 4x4 on 32 (x86 with AVX-512, aarch64).
     */
    static String tileFor(int registers) {
        return registers >= 32 ? TILE_32_REGISTERS : TILE_16_REGISTERS;
    }

    /**
     * The vector registers C2 can use for the preferred species: on x86, 32 (zmm/ymm 0-31) when it uses AVX-512
     * ({@code -XX:UseAVX=3}, the default on AVX-512 hardware) and 16 otherwise (AVX2, or {@code -XX:UseAVX=2}); when
     * the JVM does not say, 32 for 512-bit vectors and 16 for narrower ones. On aarch64, 32 (NEON and SVE). On any
     * other architecture 16, which no tile for 16 can overflow.
     */
    static int vectorRegisters(String arch, int vectorBits, String useAvx) {
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x86":
            case "i386":
                if (useAvx != null) {
                    try {
                        return Integer.parseInt(useAvx.trim()) >= 3 ? 32 : 16;
                    } catch (NumberFormatException e) {
                        // fall back to the width below
                    }
                }
                return vectorBits >= 512 ? 32 : 16;
            case "aarch64":
                return 32;
            default:
                return 16;
        }
    }

    /** {@link #tileFor} this JVM: its architecture, the preferred vector width and its {@code UseAVX} setting. */
    private static String machineTile() {
        return tileFor(vectorRegisters(System.getProperty("os.arch", ""), vectorBits(), vmOption("UseAVX")));
    }

    static int threads(String requested) {
        if (requested == null || requested.isBlank()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        try {
            int threads = Integer.parseInt(requested.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + requested + ": expected a whole number >= 1");
    }

    static MicroKernel scalar() {
        return new ScalarMicroKernel();
    }

    /** The Vector API kernel with tile {@code RxV}, one of {@link #TILES}; only call when {@link #vectorModulePresent()}. */
    static MicroKernel vector(String tile) {
        String[] shape = tile.split("x");
        try {
            return (MicroKernel) vectorKernelClass().getDeclaredMethod("create", int.class, int.class)
                    .invoke(null, Integer.parseInt(shape[0]), Integer.parseInt(shape[1]));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector kernel: " + e, e);
        }
    }

    /** The float32 Vector API kernel with tile {@code RxV}; only call when {@link #vectorModulePresent()}. */
    static FloatMicroKernel vectorFloat(String tile) {
        String[] shape = tile.split("x");
        try {
            return (FloatMicroKernel) Class.forName("dev.nn.tensor.VectorFloatMicroKernel")
                    .getDeclaredMethod("create", int.class, int.class)
                    .invoke(null, Integer.parseInt(shape[0]), Integer.parseInt(shape[1]));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the float vector kernel: " + e, e);
        }
    }

    /** Bits per vector of the Vector API's preferred species; only call when {@link #vectorModulePresent()}. */
    static int vectorBits() {
        try {
            return (int) vectorKernelClass().getDeclaredMethod("vectorBits").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector kernel: " + e, e);
        }
    }

    private static Class<?> vectorKernelClass() throws ClassNotFoundException {
        return Class.forName("dev.nn.tensor.VectorMicroKernel");
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * Whether C2 compiles hot code: the Vector API is only fast (and allocation-free) when C2 intrinsifies it; under
     * {@code -Xint} or {@code -XX:TieredStopAtLevel} below 4 it is slower than the scalar kernel.
     */
    private static boolean optimizingCompilerOn() {
        if (System.getProperty("java.vm.info", "").contains("interpreted")) {
            return false;
        }
        String level = vmOption("TieredStopAtLevel");
        String tiered = vmOption("TieredCompilation");
        try {
            return level == null || Integer.parseInt(level) >= 4 || !"true".equals(tiered);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A HotSpot option's value, or null on a JVM without it. */
    private static String vmOption(String name) {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return diagnostics.getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}

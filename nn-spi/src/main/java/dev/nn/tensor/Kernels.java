package dev.nn.tensor;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Chooses the product kernel and the thread count once, from two system properties:
 * <ul>
 *   <li>{@code nn.kernels}: {@code auto} (default), {@code vector} or {@code scalar}. {@code auto} takes the JDK
 *   Vector API kernel when {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 *   {@code --add-modules jdk.incubator.vector}) and the C2 compiler, which makes it fast, is on; otherwise the scalar
 *   kernel. {@code vector} fails when the module is absent.</li>
 *   <li>{@code nn.threads}: threads per large product; default the number of available processors.</li>
 * </ul>
 * The choice changes speed only: both kernels and every thread count give bit-identical results.
 */
final class Kernels {
    static final String KERNELS_PROPERTY = "nn.kernels";
    static final String THREADS_PROPERTY = "nn.threads";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private Kernels() {
    }

    /** The engine configured by the system properties. */
    static Gemm fromProperties() {
        return new Gemm(select(System.getProperty(KERNELS_PROPERTY, "auto")), threads(System.getProperty(THREADS_PROPERTY)));
    }

    static MicroKernel select(String requested) {
        switch (requested.trim().toLowerCase(Locale.ROOT)) {
            case "scalar":
                return scalar();
            case "vector":
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("-D" + KERNELS_PROPERTY + "=vector, but " + VECTOR_MODULE
                            + " is not in the boot layer; start the JVM with --add-modules " + VECTOR_MODULE);
                }
                return vector();
            case "auto":
                return vectorModulePresent() && optimizingCompilerOn() ? vector() : scalar();
            default:
                throw new IllegalArgumentException("-D" + KERNELS_PROPERTY + "=" + requested
                        + ": expected auto, vector or scalar");
        }
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

    /** The Vector API kernel; only call when {@link #vectorModulePresent()}. */
    static MicroKernel vector() {
        try {
            return (MicroKernel) Class.forName("dev.nn.tensor.VectorMicroKernel").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector kernel: " + e, e);
        }
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
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            String level = diagnostics.getVMOption("TieredStopAtLevel").getValue();
            return Integer.parseInt(level) >= 4 || !"true".equals(diagnostics.getVMOption("TieredCompilation").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }
}

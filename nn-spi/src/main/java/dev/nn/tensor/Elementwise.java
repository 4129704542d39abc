package dev.nn.tensor;

/**
 * Exact elementwise loops of the built-in components (activations, bias add, optimizer updates, the finiteness
 * check), on the JDK Vector API when the product kernel is the vector one and as plain loops otherwise. Each method's
 * result is defined by its plain loop, given in {@link ElementwiseKernel}; the vector loops compute the same IEEE
 * operations per element in the same order, so the choice changes speed only, never a bit of a result.
 *
 * <p>Nothing here computes a transcendental function: {@code exp}, {@code log} and {@code tanh} stay on
 * {@link Math}, whose results the golden tests pin.
 */
public final class Elementwise {
    private static final class Engine {
        static final ElementwiseKernel KERNEL = select();
        static final int THREADS = Kernels.threads(System.getProperty(Kernels.THREADS_PROPERTY));
    }

    /**
     * From this many elements on, the SGD and Adam updates, the finiteness check and relu (forward and gradient),
     * which stream through memory, are shared between the product threads (about 10 us of one core's work, several
     * times what a hand-off costs). Every element is computed as alone, so the split changes no result.
     */
    static final int PARALLEL_ELEMENTS = 1 << 15;

    private Elementwise() {
    }

    /** The loops in use, for reports: {@code "vector (512-bit)"} or {@code "scalar"}. */
    public static String implementation() {
        return Engine.KERNEL.description();
    }

    /** {@code out[i] = Math.max(0.0, in[i])}. */
    public static void relu(double[] in, double[] out) {
        int n = sameLength(in, out);
        if (n >= PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            Parts.activation(Parts.RELU, Engine.KERNEL, Engine.THREADS, in, out, null, n);
            return;
        }
        Engine.KERNEL.relu(in, out, 0, n);
    }

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : 0.0)}. */
    public static void reluGradient(double[] in, double[] gradOut, double[] gradIn) {
        int n = sameLength(in, gradOut, gradIn);
        if (n >= PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            Parts.activation(Parts.RELU_GRADIENT, Engine.KERNEL, Engine.THREADS, in, gradOut, gradIn, n);
            return;
        }
        Engine.KERNEL.reluGradient(in, gradOut, gradIn, 0, n);
    }

    /** {@code out[i] = in[i] > 0 ? in[i] : alpha * in[i]}. */
    public static void leakyRelu(double[] in, double[] out, double alpha) {
        Engine.KERNEL.leakyRelu(in, out, sameLength(in, out), alpha);
    }

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : alpha)}. */
    public static void leakyReluGradient(double[] in, double[] gradOut, double[] gradIn, double alpha) {
        Engine.KERNEL.leakyReluGradient(in, gradOut, gradIn, sameLength(in, gradOut, gradIn), alpha);
    }

    /**
     * Adds the row {@code row} ({@code 1 x columns}) to every row of {@code matrix}, in place; both float64 or both
     * float32 ({@link FloatElementwise#addToEveryRow}).
     */
    public static void addToEveryRow(Tensor matrix, Tensor row) {
        row.requireShape(1, matrix.columns(), "row added to every row");
        if (matrix.isFloat32()) {
            FloatElementwise.addToEveryRow(matrix.floatData(), matrix.rows(), matrix.columns(), row.floatData());
            return;
        }
        Engine.KERNEL.addToEveryRow(matrix.data(), matrix.rows(), matrix.columns(), row.data());
    }

    /** Whether no element is NaN or infinite. */
    public static boolean allFinite(double[] values) {
        if (values.length >= PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            return Parts.run(Parts.FINITE, Engine.KERNEL, Engine.THREADS, values, null, values.length, 0, 0);
        }
        return Engine.KERNEL.allFinite(values, 0, values.length);
    }

    /** SGD without momentum, in place: {@code d = weightDecay == 0 ? g : g + weightDecay * p; p -= learningRate * d}. */
    public static void sgd(double[] p, double[] g, double learningRate, double weightDecay) {
        int n = sameLength(p, g);
        if (n >= PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            Parts.run(Parts.SGD, Engine.KERNEL, Engine.THREADS, p, g, n, learningRate, weightDecay);
            return;
        }
        Engine.KERNEL.sgd(p, g, 0, n, learningRate, weightDecay);
    }

    /**
     * SGD with momentum, in place: {@code d} as in {@link #sgd}; {@code v = momentum * v + d};
     * {@code p -= learningRate * (nesterov ? d + momentum * v : v)}.
     */
    public static void sgdMomentum(double[] p, double[] g, double[] v, double learningRate, double momentum,
                                   boolean nesterov, double weightDecay) {
        Engine.KERNEL.sgdMomentum(p, g, v, sameLength(p, g, v), learningRate, momentum, nesterov, weightDecay);
    }

    /**
     * Adam, in place: {@code d} as in {@link #sgd}; {@code m = beta1 * m + (1 - beta1) * d};
     * {@code v = beta2 * v + (1 - beta2) * d * d};
     * {@code p -= learningRate * (m / correction1) / (Math.sqrt(v / correction2) + epsilon)}.
     */
    public static void adam(double[] p, double[] g, double[] m, double[] v, double learningRate, double beta1,
                            double beta2, double epsilon, double weightDecay, double correction1, double correction2) {
        Engine.KERNEL.adam(p, g, m, v, sameLength(p, g, m, v), learningRate, beta1,
                beta2, epsilon, weightDecay, correction1, correction2);
    }

    /**
     * The vector loops when the product kernel chosen by {@code -Dnn.kernels} is the vector one (the module is present
     * and C2 is on, or it was asked for), else the plain loops.
     */
    static ElementwiseKernel select() {
        MicroKernel products = Kernels.select(System.getProperty(Kernels.KERNELS_PROPERTY, "auto"));
        return products instanceof ScalarMicroKernel ? new ScalarElementwise() : vector();
    }

    /** The Vector API loops; only call when {@code jdk.incubator.vector} is in the boot layer. */
    static ElementwiseKernel vector() {
        try {
            return (ElementwiseKernel) Class.forName("dev.nn.tensor.VectorElementwise").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector elementwise loops: " + e, e);
        }
    }

    /**
     * A large elementwise loop cut into ranges for {@link WorkerPool} (one instance per calling thread, in its
     * {@link Gemm.Context}, so nothing is allocated); the ranges start at multiples of 8 elements.
     */
    static final class Parts implements WorkerPool.Task {
        static final int SGD = 0;
        static final int FINITE = 1;
        static final int ADAM = 2;
        static final int RELU = 3;
        static final int RELU_GRADIENT = 4;

        private int operation;
        private ElementwiseKernel kernel;
        private double[] p;
        private double[] g;
        private double[] third;
        private FloatElementwiseKernel floatKernel;
        private float[] floatP;
        private float[] floatG;
        private float[] floatM;
        private float[] floatV;
        private float[] floatThird;
        private final float[] adamScalars = new float[8];
        private int n;
        private int parts;
        private double learningRate;
        private double weightDecay;
        private boolean[] finite = new boolean[0];

        /** Runs {@code operation} on {@code [0, n)}; returns whether every part found only finite values. */
        static boolean run(int operation, ElementwiseKernel kernel, int threads, double[] p, double[] g, int n,
                double learningRate, double weightDecay) {
            Parts job = Gemm.CONTEXTS.get().elementwise;
            job.kernel = kernel;
            job.p = p;
            job.g = g;
            return job.run(operation, threads, n, learningRate, weightDecay);
        }

        /** relu ({@code in, out}) or its gradient ({@code in, gradOut, gradIn}) on {@code [0, n)}, shared. */
        static void activation(int operation, ElementwiseKernel kernel, int threads, double[] in, double[] second,
                double[] gradIn, int n) {
            Parts job = Gemm.CONTEXTS.get().elementwise;
            job.kernel = kernel;
            job.p = in;
            job.g = second;
            job.third = gradIn;
            job.run(operation, threads, n, 0, 0);
        }

        /** {@link #activation(int, ElementwiseKernel, int, double[], double[], double[], int)} on floats. */
        static void activation(int operation, FloatElementwiseKernel kernel, int threads, float[] in, float[] second,
                float[] gradIn, int n) {
            Parts job = Gemm.CONTEXTS.get().elementwise;
            job.floatKernel = kernel;
            job.floatP = in;
            job.floatG = second;
            job.floatThird = gradIn;
            job.run(operation, threads, n, 0, 0);
        }

        /** {@link #run(int, ElementwiseKernel, int, double[], double[], int, double, double)} on floats. */
        static boolean run(int operation, FloatElementwiseKernel kernel, int threads, float[] p, float[] g, int n,
                float learningRate, float weightDecay) {
            Parts job = Gemm.CONTEXTS.get().elementwise;
            job.floatKernel = kernel;
            job.floatP = p;
            job.floatG = g;
            return job.run(operation, threads, n, learningRate, weightDecay);
        }

        /** A float Adam step (see {@link FloatElementwiseKernel#adam}) on {@code [0, n)}, shared between threads. */
        static void adam(FloatElementwiseKernel kernel, int threads, float[] p, float[] g, float[] m, float[] v, int n,
                float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float epsilon,
                float weightDecay, float negativeStepSize, float correction2Sqrt) {
            if (threads <= 1) {
                kernel.adam(p, g, m, v, 0, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, weightDecay,
                        negativeStepSize, correction2Sqrt);
                return;
            }
            Parts job = Gemm.CONTEXTS.get().elementwise;
            job.floatKernel = kernel;
            job.floatP = p;
            job.floatG = g;
            job.floatM = m;
            job.floatV = v;
            float[] scalars = job.adamScalars;
            scalars[0] = beta1;
            scalars[1] = oneMinusBeta1;
            scalars[2] = beta2;
            scalars[3] = oneMinusBeta2;
            scalars[4] = epsilon;
            scalars[5] = weightDecay;
            scalars[6] = negativeStepSize;
            scalars[7] = correction2Sqrt;
            job.run(ADAM, threads, n, 0, 0);
        }

        private boolean run(int operation, int threads, int n, double learningRate, double weightDecay) {
            Gemm.Context context = Gemm.CONTEXTS.get();
            // Up to ProductJob.CHUNKS_PER_THREAD ranges per thread, each of at least half PARALLEL_ELEMENTS, so
            // that a worker starting late leaves ranges to the caller (see WorkerPool).
            int parts = Math.max(1, Math.min(ProductJob.CHUNKS_PER_THREAD * threads, n / PARALLEL_ELEMENTS * 2));
            if (finite.length < parts) {
                finite = new boolean[parts];
            }
            this.operation = operation;
            this.n = n;
            this.parts = parts;
            this.learningRate = learningRate;
            this.weightDecay = weightDecay;
            try {
                if (!WorkerPool.shared().run(this, parts, threads, context)) {
                    this.parts = 1;
                    run(0, context);
                }
                boolean all = true;
                for (int part = 0; part < this.parts; part++) {
                    all &= finite[part];
                }
                return all;
            } finally {
                kernel = null;
                p = null;
                g = null;
                third = null;
                floatThird = null;
                floatKernel = null;
                floatP = null;
                floatG = null;
                floatM = null;
                floatV = null;
            }
        }

        @Override
        public void run(int part, Gemm.Context context) {
            int from = start(part);
            int to = start(part + 1);
            if (floatKernel != null) {
                if (operation == RELU) {
                    floatKernel.relu(floatP, floatG, from, to);
                    finite[part] = true;
                } else if (operation == RELU_GRADIENT) {
                    floatKernel.reluGradient(floatP, floatG, floatThird, from, to);
                    finite[part] = true;
                } else if (operation == ADAM) {
                    float[] k = adamScalars;
                    floatKernel.adam(floatP, floatG, floatM, floatV, from, to, k[0], k[1], k[2], k[3], k[4], k[5],
                            k[6], k[7]);
                    finite[part] = true;
                } else if (operation == SGD) {
                    floatKernel.sgd(floatP, floatG, from, to, (float) learningRate, (float) weightDecay);
                    finite[part] = true;
                } else {
                    finite[part] = floatKernel.allFinite(floatP, from, to);
                }
            } else if (operation == RELU) {
                kernel.relu(p, g, from, to);
                finite[part] = true;
            } else if (operation == RELU_GRADIENT) {
                kernel.reluGradient(p, g, third, from, to);
                finite[part] = true;
            } else if (operation == SGD) {
                kernel.sgd(p, g, from, to, learningRate, weightDecay);
                finite[part] = true;
            } else {
                finite[part] = kernel.allFinite(p, from, to);
            }
        }

        private int start(int part) {
            return part == parts ? n : (int) ((long) n * part / parts) & ~7;
        }
    }

    private static int sameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("arrays of " + a.length + " and " + b.length + " elements");
        }
        return a.length;
    }

    private static int sameLength(double[] a, double[] b, double[] c) {
        sameLength(a, c);
        return sameLength(a, b);
    }

    private static int sameLength(double[] a, double[] b, double[] c, double[] d) {
        sameLength(a, d);
        return sameLength(a, b, c);
    }
}

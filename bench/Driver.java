import com.google.inject.Injector;
import dev.nn.cli.support.Platform;
import dev.nn.data.DataSet;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.network.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spi.ForwardContext;
import dev.nn.tensor.DataType;
import dev.nn.tensor.MatrixProducts;
import dev.nn.tensor.Tensor;
import dev.nn.train.EpochReport;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingListener;
import dev.nn.train.TrainingResult;
import dev.nn.train.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform side of the benchmark, run by bench/run as a single-file program on the distribution's jars:
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp 'DIST/lib/*' bench/Driver.java info
 *   ... Driver.java document SPEC WARMUP REPS      (W1: the spec's own data and epochs, full batch)
 *   ... Driver.java step SPEC STEPS WARMUP REPS    (W2, W3: STEPS training steps on one generated batch)
 *   ... Driver.java predict SPEC ROWS BATCH WARMUP REPS  (W6: inference of ROWS generated samples, BATCH at a time)
 * </pre>
 * The model is assembled from the spec exactly as {@code nn train} does (the same injector, loader and assembler), and
 * trained by the platform's {@link Trainer}; each repetition starts from a freshly assembled model, so from the same
 * weights. Prints {@code times ...} (seconds per repetition, or per step) and {@code losses ...} (each epoch's loss in
 * the first repetition, shortest round-trip form), which bench/run compares with bench/numpy_workloads.py.
 * {@code predict} is what {@code nn predict} does in process once the samples are read: the network's inference pass
 * over each batch of rows copied into one input tensor of the network's type (for a float32 network the generated
 * samples are rounded to float32 once, before the timing, as the torch side's are), the outputs copied into one
 * array; its time is per pass over all ROWS, and its losses are each batch's cross-entropy against the generated
 * labels.
 */
public final class Driver {
    /** The generated batches' SplitMix64 seed, as in bench/numpy_workloads.py. */
    private static final long DATA_SEED = 0xDA7AL;

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("info")) {
            System.out.println("kernels " + MatrixProducts.implementation());
            try {
                // Builds with dtype: float32 name its product too.
                System.out.println("float32-kernels "
                        + MatrixProducts.class.getMethod("float32Implementation").invoke(null));
            } catch (ReflectiveOperationException e) {
                // a build without float32
            }
            return;
        }
        boolean document = args.length == 4 && args[0].equals("document");
        boolean step = args.length == 5 && args[0].equals("step");
        boolean predict = args.length == 6 && args[0].equals("predict");
        if (!document && !step && !predict) {
            System.err.println("usage: Driver info | document SPEC WARMUP REPS | step SPEC STEPS WARMUP REPS"
                    + " | predict SPEC ROWS BATCH WARMUP REPS");
            System.exit(2);
        }
        Injector injector = Platform.start();
        LoadedSpec spec = injector.getInstance(SpecLoader.class).load(Path.of(args[1]), args[1]);
        ModelAssembler assembler = injector.getInstance(ModelAssembler.class);
        if (predict) {
            Model model = assembler.assemble(spec, ModelAssembler.DataRequirement.OPTIONAL);
            predict(model.network(), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            return;
        }
        int steps = step ? Integer.parseInt(args[2]) : 0;
        int warmUp = Integer.parseInt(args[step ? 3 : 2]);
        int reps = Integer.parseInt(args[step ? 4 : 3]);
        TrainingListener quiet = new TrainingListener() {
        };
        List<Double> times = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Repetitions repetitions = new Repetitions(warmUp, reps);
        for (int rep = 0; repetitions.next(); rep++) {
            Model model = assembler.assemble(spec, ModelAssembler.DataRequirement.OPTIONAL);
            DataSet data;
            TrainingSettings settings;
            if (step) {
                int batch = model.training().batchSize();
                data = generatedBatch(batch, model.network().inputSize(), model.network().outputSize());
                settings = new TrainingSettings(steps, batch, false, model.training().seed());
            } else {
                data = model.train().orElseThrow();
                settings = model.training();
            }
            Trainer trainer = new Trainer(model.network(), model.optimizer(), settings);
            long started = System.nanoTime();
            TrainingResult result = trainer.train(data, quiet);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (rep == 0) {
                for (EpochReport epoch : result.epochs()) {
                    losses.add(epoch.loss());
                }
            }
            if (repetitions.timed()) {
                times.add(step ? seconds / steps : seconds);
            }
        }
        System.out.println("times " + join(times));
        System.out.println("losses " + join(losses));
    }

    private static void predict(Network network, int rows, int batch, int warmUp, int reps) {
        DataSet generated = generatedBatch(rows, network.inputSize(), network.outputSize());
        // Held in the network's type, as the torch side holds its inputs: drawn in float64, rounded once.
        DataSet data = network.dataType() == DataType.FLOAT64 ? generated
                : new DataSet(generated.inputs().toTensor().copyAs(network.dataType()), generated.targets().toTensor());
        int columns = network.inputSize();
        int width = network.outputSize();
        List<Double> times = new ArrayList<>();
        double[] first = null;
        DataType type = network.dataType();
        Repetitions repetitions = new Repetitions(warmUp, reps);
        for (int rep = 0; repetitions.next(); rep++) {
            long started = System.nanoTime();
            double[] values = new double[rows * width];
            Tensor inputs = null;
            // As nn predict does: one inference series per pass over the samples.
            ForwardContext series = ForwardContext.inferenceOverFixedParameters();
            for (int start = 0; start < rows; start += batch) {
                int size = Math.min(batch, rows - start);
                if (inputs == null || inputs.rows() != size) {
                    inputs = Tensor.zeros(size, columns, type);
                }
                for (int r = 0; r < size; r++) {
                    if (type == DataType.FLOAT64) {
                        data.inputs().copyRow(start + r, inputs.data(), r * columns);
                    } else {
                        data.inputs().copyRow(start + r, inputs.floatData(), r * columns);
                    }
                }
                Tensor outputs = network.forward(inputs, series);
                if (outputs.isFloat32()) {
                    float[] from = outputs.floatData();
                    for (int i = 0, at = start * width; i < size * width; i++, at++) {
                        values[at] = from[i];
                    }
                } else {
                    System.arraycopy(outputs.data(), 0, values, start * width, size * width);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (rep == 0) {
                first = values;
            }
            if (repetitions.timed()) {
                times.add(seconds);
            }
        }
        List<Double> losses = new ArrayList<>();
        double[] target = new double[width];
        for (int start = 0; start < rows; start += batch) {
            double sum = 0;
            int size = Math.min(batch, rows - start);
            for (int r = start; r < start + size; r++) {
                data.targets().copyRow(r, target, 0);
                for (int c = 0; c < width; c++) {
                    if (target[c] == 1.0) {
                        sum += Math.log(Math.max(first[r * width + c], 1e-15));
                    }
                }
            }
            losses.add(-sum / size);
        }
        System.out.println("times " + join(times));
        System.out.println("losses " + join(losses));
    }

    /**
     * The repetitions of a timed workload, as bench/numpy_workloads.py's {@code repetitions}: the first
     * {@code warmUp} are warm-up, and more while fewer than {@code $BENCH_WARMUP_SECONDS} (bench/run sets it for every
     * side alike; 0 when unset) have passed since the first began, so that the kernels are timed once C2 has
     * compiled them; then {@code reps} timed ones.
     */
    static final class Repetitions {
        private final int warmUp;
        private final int reps;
        private final long minimumNanos;
        private final long started = System.nanoTime();
        private int done;
        private int timed;
        private boolean timing;

        Repetitions(int warmUp, int reps) {
            this.warmUp = warmUp;
            this.reps = reps;
            String seconds = System.getenv("BENCH_WARMUP_SECONDS");
            this.minimumNanos = seconds == null ? 0 : (long) (Double.parseDouble(seconds) * 1e9);
        }

        /** Whether there is another repetition; {@link #timed()} then says whether it is timed. */
        boolean next() {
            if (!timing && done >= warmUp && System.nanoTime() - started >= minimumNanos) {
                timing = true;
            }
            if (timing && timed == reps) {
                return false;
            }
            done++;
            if (timing) {
                timed++;
            }
            return true;
        }

        boolean timed() {
            return timing;
        }
    }

    /** {@code rows} samples: inputs uniform in [0, 1), then one class per row, all from SplitMix64(DATA_SEED). */
    static DataSet generatedBatch(int rows, int inputs, int classes) {
        SplitMix64 random = new SplitMix64(DATA_SEED);
        Tensor x = Tensor.zeros(rows, inputs);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = random.nextDouble();
        }
        Tensor t = Tensor.zeros(rows, classes);
        for (int r = 0; r < rows; r++) {
            t.set(r, (int) Math.floor(random.nextDouble() * classes), 1.0);
        }
        return new DataSet(x, t);
    }

    private static String join(List<Double> values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : " ").append(value);
        }
        return text.toString();
    }
}

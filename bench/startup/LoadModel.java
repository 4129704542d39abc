import com.google.inject.Injector;
import dev.nn.cli.support.Platform;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.TrainingSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long loading a saved model takes in process, as {@code nn predict} loads it: the file read and checked (the
 * seal, or the YAML integrity line), the spec bound, the tensors decoded, the network assembled without its data.
 * The first load in a fresh JVM (classes loaded on the way) and the median of the next ones are printed.
 *
 * <p>{@code java -cp "nn-cli/target/nn/nn/lib/*" bench/startup/LoadModel.java MODEL [REPS]}, e.g. on
 * {@code fashion.nn} and {@code fashion.yaml} saved from {@code examples/fashion-mnist.yaml}.
 */
public final class LoadModel {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Injector injector = Platform.start();
        SpecLoader loader = injector.getInstance(SpecLoader.class);
        ModelAssembler assembler = injector.getInstance(ModelAssembler.class);
        double[] seconds = new double[reps + 1];
        long parameters = 0;
        for (int rep = 0; rep <= reps; rep++) {
            long started = System.nanoTime();
            LoadedSpec loaded = loader.load(file, args[0]);
            Model model = assembler.assemble(withoutData(loaded), ModelAssembler.DataRequirement.OPTIONAL);
            seconds[rep] = (System.nanoTime() - started) / 1e9;
            parameters = model.network().parameterCount();
        }
        double[] later = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(later);
        System.out.printf(Locale.ROOT, "%s: %d parameters; first load %.3f s, then median %.3f s (%d loads)%n",
                file, parameters, seconds[0], later[later.length / 2], reps);
    }

    /** As SavedModel loads a model for predict: no data sets, no early stopping. */
    private static LoadedSpec withoutData(LoadedSpec loaded) {
        ModelSpec spec = loaded.spec();
        TrainingSpec training = spec.training();
        TrainingSpec kept = training == null ? null
                : new TrainingSpec(training.epochs(), training.batchSize(), training.shuffle(), null, null);
        return loaded.withSpec(new ModelSpec(spec.version(), spec.name(), spec.seed(), spec.input(), spec.layers(),
                spec.loss(), spec.optimizer(), kept, null, spec.metadata()));
    }
}

package dev.nn.checkpoint;

import dev.nn.model.Model;
import dev.nn.model.Provenance;
import dev.nn.modelfile.ModelArchive;
import dev.nn.modelfile.ModelFiles;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecWriter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.train.TrainingCheckpoints;
import dev.nn.train.TrainingState;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * Writes a model's training checkpoints into a directory: after every {@code everyEpochs} epochs, after the last
 * epoch (or the one early stopping ended training at), and when a stop request ends training mid-epoch. Each is a
 * model file (the parameters and state of that moment, so {@code nn predict} works on it) with these entries too:
 * {@code training.json} ({@link TrainingJson}), {@code optimizer.safetensors} (the optimizer's
 * {@link StatefulOptimizer#saveState()}), and when there is one, {@code early_stopping.safetensors} (the best
 * epoch's values, for {@code restore_best}) and {@code last_epoch.safetensors} (mid-epoch: the values the last
 * finished epoch left). Each is written atomically; then all but the newest {@code keep} are deleted.
 */
public final class CheckpointWriter implements TrainingCheckpoints {
    static final String OPTIMIZER_ENTRY = "optimizer.safetensors";
    /** The learning-rate schedule's state, each number a 1 x 1 tensor; only when it has state. */
    static final String SCHEDULE_ENTRY = "schedule.safetensors";
    static final String EARLY_STOPPING_ENTRY = "early_stopping.safetensors";
    static final String LAST_EPOCH_ENTRY = "last_epoch.safetensors";

    private final Model model;
    private final StatefulOptimizer optimizer;
    private final Path directory;
    private final int everyEpochs;
    private final int keep;
    private final String platformVersion;
    private final Function<String, List<String>> pathParameters;
    private final SortedMap<String, String> spec;
    private final Map<String, String> dataFiles;
    private final List<TrainingJson.PluginJar> plugins;
    /** The spec's and the data files' SHA-256, for every checkpoint's provenance: computed once. */
    private final Map<Path, String> hashes = new HashMap<>();
    private Path lastWritten;

    /**
     * @param pathParameters a data source format's parameters that are paths (to write them relative to the
     *     checkpoint)
     * @throws CheckpointException when the model's optimizer cannot save its state
     */
    public CheckpointWriter(Model model, Path directory, int everyEpochs, int keep, String platformVersion,
                            Function<String, List<String>> pathParameters) {
        this.model = Objects.requireNonNull(model, "model is null");
        this.optimizer = stateful(model);
        this.directory = Objects.requireNonNull(directory, "directory is null");
        if (everyEpochs < 1 || keep < 1) {
            throw new IllegalArgumentException("everyEpochs and keep must be >= 1, were " + everyEpochs + ", " + keep);
        }
        this.everyEpochs = everyEpochs;
        this.keep = keep;
        this.platformVersion = Objects.requireNonNull(platformVersion, "platformVersion is null");
        this.pathParameters = Objects.requireNonNull(pathParameters, "pathParameters is null");
        this.spec = SpecFingerprint.of(model.spec().spec());
        this.dataFiles = dataFiles(model);
        this.plugins = pluginJars(model);
    }

    /**
     * The model's optimizer as one that saves its state.
     *
     * @throws CheckpointException naming the optimizer when it cannot
     */
    public static StatefulOptimizer stateful(Model model) {
        if (model.optimizer() instanceof StatefulOptimizer stateful) {
            return stateful;
        }
        String name = model.spec().spec().optimizer() == null ? "?" : model.spec().spec().optimizer().name();
        throw new CheckpointException("optimizer '" + name + "' cannot save its state (it does not implement "
                + StatefulOptimizer.class.getName() + "), and a checkpoint without it could not continue bit for "
                + "bit: train without --checkpoint, --resume and training.checkpoint, or use sgd or adam");
    }

    /** The plugin jars {@code model}'s components come from, each with its version and SHA-256. */
    static List<TrainingJson.PluginJar> pluginJars(Model model) {
        return TrainingJson.PluginJar.of(Provenance.plugins(model.components()));
    }

    /** The data files by their path as seen from the spec's directory, with their SHA-256. */
    static Map<String, String> dataFiles(Model model) {
        Map<String, String> files = new LinkedHashMap<>();
        Path base = model.spec().directory().toAbsolutePath().normalize();
        for (Path file : model.data().files()) {
            Path absolute = file.toAbsolutePath().normalize();
            String shown = absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
            files.put(shown, Provenance.sha256(file));
        }
        return files;
    }

    /** The last checkpoint written, if any. */
    public Optional<Path> lastWritten() {
        return Optional.ofNullable(lastWritten);
    }

    @Override
    public void at(TrainingState state, boolean stopping) {
        int finished = state.epoch() - 1;
        boolean last = state.stoppedEarly() || finished == model.training().epochs();
        if (stopping || last || finished % everyEpochs == 0) {
            write(state);
        }
    }

    private void write(TrainingState state) {
        Path file = directory.resolve(CheckpointFiles.name(state.epoch(), state.batch()));
        try {
            Files.createDirectories(directory);
            ModelSpec saved = model.spec().spec().withMetadata(Provenance.checkpointMetadata(model, state.epochs(),
                    state.epoch(), state.batch(), platformVersion, hashes));
            saved = SpecWriter.withDataRelativeTo(saved, model.spec().directory(), file, pathParameters);
            TrainingJson json = new TrainingJson(state, spec, dataFiles, java.util.Optional.of(plugins));
            ModelArchive.Builder entries = ModelFiles.entries(saved, model.network())
                    .entry(TrainingJson.ENTRY, json.toBytes())
                    .tensors(OPTIMIZER_ENTRY, optimizer.saveState(), Map.of());
            state.earlyStopping().filter(e -> !e.bestValues().isEmpty()).ifPresent(e -> entries.tensors(
                    EARLY_STOPPING_ENTRY, NetworkTensors.named(model.network(), e.bestValues()), Map.of()));
            if (!state.scheduleState().isEmpty()) {
                Map<String, Tensor> schedule = new java.util.TreeMap<>();
                state.scheduleState().forEach((name, value) -> schedule.put(name,
                        Tensor.wrap(1, 1, new double[] {value})));
                entries.tensors(SCHEDULE_ENTRY, schedule, Map.of());
            }
            if (!state.lastEpochValues().isEmpty()) {
                entries.tensors(LAST_EPOCH_ENTRY, NetworkTensors.named(model.network(), state.lastEpochValues()),
                        Map.of());
            }
            entries.write(file);
            lastWritten = file;
            CheckpointFiles.prune(directory, keep);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}

package dev.nn.checkpoint;

import dev.nn.model.Model;
import dev.nn.modelfile.ModelArchive;
import dev.nn.modelfile.ModelFileException;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import dev.nn.train.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint read back ({@link CheckpointWriter} wrote it): {@link #requireResumableWith} refuses a spec or data
 * that changed since, {@link #restoreInto} puts its parameters, state and optimizer state into a freshly assembled
 * model and gives the {@link TrainingState} to continue from.
 */
public final class Checkpoint {
    private final Path file;
    private final ModelArchive archive;
    private final TrainingJson training;

    private Checkpoint(Path file, ModelArchive archive, TrainingJson training) {
        this.file = file;
        this.archive = archive;
        this.training = training;
    }

    /**
     * Reads {@code file}, refusing it whole when its seal does not match (a cut or changed file).
     *
     * @throws CheckpointException naming the file when it is not a checkpoint or cannot be used
     */
    public static Checkpoint read(Path file) {
        ModelArchive archive;
        try {
            if (!ModelArchive.isArchive(file)) {
                throw new CheckpointException(file + ": not a checkpoint (checkpoints are model files, .nn)");
            }
            archive = ModelArchive.read(file);
        } catch (ModelFileException e) {
            throw new CheckpointException(e.getMessage());
        }
        byte[] json = archive.entry(TrainingJson.ENTRY).orElseThrow(() -> new CheckpointException(file
                + ": a model file, not a checkpoint (it has no " + TrainingJson.ENTRY + ")"));
        return new Checkpoint(file, archive, TrainingJson.read(json, file + "!" + TrainingJson.ENTRY, List.of(),
                List.of()));
    }

    public Path file() {
        return file;
    }

    /** Where training was: epoch in progress or next, and batches of it done. */
    public TrainingState position() {
        return training.state();
    }

    /**
     * Refuses to resume with a spec whose training values differ from the checkpoint's, data that changed since, or
     * other plugin jars than the model's components came from (a jar missing, changed, or new): any of them would
     * continue a different computation from the one the checkpoint stopped.
     *
     * @param specName how messages name the spec resumed with
     * @throws CheckpointException saying every value that changed, or the first data file or plugin jar that did
     */
    public void requireResumableWith(Model model, String specName) {
        List<String> changes = SpecFingerprint.differences(training.spec(),
                SpecFingerprint.of(model.spec().spec()), specName);
        if (!changes.isEmpty()) {
            throw new CheckpointException("cannot resume from " + file + ": the spec changed since the checkpoint ("
                    + String.join("; ", changes) + "); resume with the spec it was written with");
        }
        Map<String, String> now = CheckpointWriter.dataFiles(model);
        List<String> recordedPaths = new ArrayList<>(training.dataFiles().keySet());
        List<String> currentPaths = new ArrayList<>(now.keySet());
        for (int i = 0; i < Math.max(recordedPaths.size(), currentPaths.size()); i++) {
            String recorded = i < recordedPaths.size() ? recordedPaths.get(i) : null;
            String current = i < currentPaths.size() ? currentPaths.get(i) : null;
            if (recorded == null || current == null || !recorded.equals(current)) {
                throw new CheckpointException("cannot resume from " + file + ": the data files differ from the "
                        + "checkpoint's (" + String.join(", ", recordedPaths) + " then, "
                        + String.join(", ", currentPaths) + " now)");
            }
            String was = training.dataFiles().get(recorded);
            String is = now.get(current);
            if (!was.equals(is)) {
                throw new CheckpointException("cannot resume from " + file + ": data file " + current + " changed "
                        + "since the checkpoint (sha256 was " + shortHash(was) + ", is now " + shortHash(is)
                        + "); resume with the data it was written with");
            }
        }
        training.plugins().ifPresent(recorded -> requireSamePlugins(recorded, CheckpointWriter.pluginJars(model)));
    }

    private void requireSamePlugins(List<TrainingJson.PluginJar> recorded, List<TrainingJson.PluginJar> loaded) {
        Map<String, TrainingJson.PluginJar> now = new java.util.LinkedHashMap<>();
        loaded.forEach(jar -> now.put(jar.jar(), jar));
        for (TrainingJson.PluginJar then : recorded) {
            TrainingJson.PluginJar current = now.remove(then.jar());
            if (current == null) {
                throw new CheckpointException("cannot resume from " + file + ": it was trained with plugin "
                        + then.jar() + " " + then.version() + ", which none of the spec's components comes from now; "
                        + "resume with the plugins it was written with (--plugins)");
            }
            if (!current.sha256().equals(then.sha256())) {
                throw new CheckpointException("cannot resume from " + file + ": plugin " + then.jar() + " changed "
                        + "since the checkpoint (version " + then.version() + ", sha256 " + shortHash(then.sha256())
                        + " then; version " + current.version() + ", sha256 " + shortHash(current.sha256())
                        + " now); resume with the plugin jar it was written with");
            }
        }
        if (!now.isEmpty()) {
            TrainingJson.PluginJar added = now.values().iterator().next();
            throw new CheckpointException("cannot resume from " + file + ": the spec's components now come from "
                    + "plugin " + added.jar() + " " + added.version() + ", which the checkpoint was not trained with; "
                    + "resume with the plugins it was written with (--plugins)");
        }
    }

    /**
     * Puts the checkpoint's parameters, state and optimizer state into {@code model} (assembled from the same spec)
     * and returns the state training continues from.
     *
     * @throws CheckpointException when the checkpoint does not fit the model
     */
    public TrainingState restoreInto(Model model) {
        StatefulOptimizer optimizer = CheckpointWriter.stateful(model);
        String name = file.toString();
        List<Tensor> values = NetworkTensors.ordered(model.network(), tensors(ModelArchive.TENSORS_ENTRY),
                name + "!" + ModelArchive.TENSORS_ENTRY);
        List<Tensor> live = NetworkTensors.live(model.network());
        List<Tensor> best = optionalValues(model, CheckpointWriter.EARLY_STOPPING_ENTRY);
        List<Tensor> lastEpoch = optionalValues(model, CheckpointWriter.LAST_EPOCH_ENTRY);
        try {
            optimizer.loadState(tensors(CheckpointWriter.OPTIMIZER_ENTRY), model.network().parameters());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(name + "!" + CheckpointWriter.OPTIMIZER_ENTRY + ": " + e.getMessage());
        }
        Map<String, Double> schedule = scheduleState();
        try {
            if (model.training().schedule().isPresent()) {
                model.training().schedule().get().loadState(schedule);
            } else if (!schedule.isEmpty()) {
                throw new IllegalArgumentException("it holds a learning-rate schedule's state, but the spec has no "
                        + "optimizer.schedule");
            }
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(name + "!" + CheckpointWriter.SCHEDULE_ENTRY + ": " + e.getMessage());
        }
        for (int i = 0; i < live.size(); i++) {
            live.get(i).copyFromInPlace(values.get(i));
        }
        TrainingState state = training.state();
        return new TrainingState(state.epoch(), state.batch(), state.weightedLoss(), state.correct(),
                state.shufflerState(), state.epochs(), state.earlyStopping().map(e ->
                        new TrainingState.EarlyStoppingState(e.bestValue(), e.bestEpoch(),
                                e.epochsWithoutImprovement(), best)),
                state.stoppedEarly(), lastEpoch, schedule);
    }

    /** The schedule's state, empty when the checkpoint holds none. */
    private Map<String, Double> scheduleState() {
        Map<String, Double> state = new java.util.TreeMap<>();
        if (!archive.entryNames().contains(CheckpointWriter.SCHEDULE_ENTRY)) {
            return state;
        }
        tensors(CheckpointWriter.SCHEDULE_ENTRY).forEach((key, tensor) -> {
            if (tensor.size() != 1) {
                throw new CheckpointException(file + "!" + CheckpointWriter.SCHEDULE_ENTRY + ": " + key + " is "
                        + tensor.shape() + ", expected one number");
            }
            state.put(key, tensor.data()[0]);
        });
        return state;
    }

    private List<Tensor> optionalValues(Model model, String entry) {
        if (!archive.entryNames().contains(entry)) {
            return List.of();
        }
        return NetworkTensors.ordered(model.network(), tensors(entry), file + "!" + entry);
    }

    private Map<String, Tensor> tensors(String entry) {
        try {
            return archive.tensors(entry).tensors();
        } catch (ModelFileException e) {
            throw new CheckpointException(e.getMessage());
        }
    }

    private static String shortHash(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) + "..." : hex;
    }

    /** The checkpoint's position, for messages: {@code epoch 4, batch 17} or {@code after epoch 3}. */
    public String describe() {
        TrainingState state = training.state();
        return state.midEpoch() ? "epoch " + state.epoch() + ", batch " + state.batch()
                : "after epoch " + (state.epoch() - 1);
    }

    @Override
    public String toString() {
        return file + " (" + describe() + ")";
    }
}

package dev.nn.api;

import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.modelfile.ModelFiles;
import dev.nn.platform.PlatformVersion;
import dev.nn.registry.ComponentRegistry;
import dev.nn.train.EpochReport;
import dev.nn.train.Evaluator;
import dev.nn.train.Metrics;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One training run of a spec, as {@code nn train SPEC [--save MODEL]} does it: the same spec and seed give
 * bit-identical metrics and weights. Configure it ({@link #listener}, {@link #saveTo}), then {@link #run()} it once.
 *
 * <pre>{@code
 * TrainingOutcome outcome = nn.training(Path.of("iris.yaml"))
 *         .listener((epoch, control) -> {
 *             System.out.println("epoch " + epoch.epoch() + " loss " + epoch.loss());
 *             if (epoch.loss() < 0.05) {
 *                 control.requestStop();
 *             }
 *         })
 *         .saveTo(Path.of("iris-model.yaml"))
 *         .run();
 * }</pre>
 *
 * <p>Configuration is not thread-safe; {@link #requestStop()} may be called from any thread at any time.
 */
public final class Training implements TrainingControl {
    private final Nn nn;
    private final Path spec;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final List<String> warnings = new ArrayList<>();
    private Path target;
    private boolean allowChangedData;

    Training(Nn nn, Path spec) {
        this.nn = nn;
        this.spec = spec;
    }

    /** Adds a listener; listeners are called in the order added. */
    public Training listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener is null"));
        return this;
    }

    /**
     * Saves the trained model to {@code model} after training (also after a stop), atomically, as
     * {@code nn train --save} does, in the form its name asks for: {@code .nn} one model file (the spec and its
     * tensors), {@code .yaml} or {@code .yml} the spec with every value as text; both with the metadata (classes,
     * features, input scale, provenance). {@link Nn#load} and every {@code nn} command read either.
     */
    public Training saveTo(Path model) {
        this.target = Objects.requireNonNull(model, "model is null");
        return this;
    }

    /**
     * When the spec is a saved model: train on its data files even when they changed since it was trained (their
     * SHA-256 differs from the provenance's), with a warning, as {@code nn train --allow-changed-data} does; without
     * it such a run is refused.
     */
    public Training allowChangedData() {
        this.allowChangedData = true;
        return this;
    }

    @Override
    public void requestStop() {
        stop.set(true);
    }

    @Override
    public boolean stopRequested() {
        return stop.get();
    }

    /** What {@code nn} warned about for the spec (e.g. a loss that expects probabilities), once {@link #run} read it. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Reads the spec and its data, trains, evaluates the test set (unless stopped) and saves the model (when
     * {@link #saveTo} was given and an epoch finished). Blocks until done.
     *
     * @throws NnException when the {@link #saveTo} name is neither {@code .nn} nor {@code .yaml}/{@code .yml} (checked
     *     first), the spec or its data cannot be used, a saved model's data changed (see {@link #allowChangedData}), training fails (e.g. a NaN loss), or the model cannot be
     *     written (the file is left as it was)
     * @throws IllegalStateException when called a second time, or after the {@link Nn} was closed
     */
    public TrainingOutcome run() {
        nn.requireOpen();
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this training has run already; start another with Nn.training(spec)");
        }
        ModelFiles.Format format = target == null ? null : ModelFiles.Format.forName(target)
                .orElseThrow(() -> new NnException("saveTo " + target + ": unknown model format; the file name must "
                        + "end in .nn (one model file: the spec and its tensors) or .yaml or .yml (the spec with "
                        + "every value as text)", true, null));
        List<String> found = new ArrayList<>();
        Model model = Failures.translate(() -> nn.assemble(nn.loadSpec(spec), ModelAssembler.DataRequirement.REQUIRED,
                found));
        Optional<String> changed = Failures.translate(() -> Provenance.describeDataChanges(model));
        if (changed.isPresent() && !allowChangedData) {
            throw new NnException(changed.get() + "; restore the data the model was trained on, or call "
                    + "allowChangedData() to use it as it is now", true, null);
        }
        changed.ifPresent(what -> found.add(what + "; using it as it is now (allowChangedData)"));
        synchronized (this) {
            warnings.addAll(found);
        }
        List<EpochReport> finished = new ArrayList<>();
        TrainingResult result;
        try {
            result = Failures.translate(() -> new Trainer(model.network(), model.optimizer(), model.training(),
                    model.labels()).train(model.train().orElseThrow(), model.data().validation(),
                    new EpochListeners(finished), stop::get));
        } catch (StopAtEpochEnd e) {
            result = new TrainingResult(finished, true, false, 0);
        }
        List<EpochMetrics> epochs = result.epochs().stream().map(EpochMetrics::of).toList();
        if (epochs.isEmpty()) {
            return new TrainingOutcome(epochs, true, false, 0, OptionalDouble.empty(), OptionalDouble.empty(),
                    Optional.empty());
        }
        Optional<Metrics> test = !result.interrupted() && model.data().test().isPresent()
                ? Optional.of(Failures.translate(() -> new Evaluator(model.network(),
                        Evaluator.batchSize(model.training().batchSize())).evaluate(model.data().test().orElseThrow())))
                : Optional.empty();
        if (target != null) {
            save(model, result, test, format);
        }
        return new TrainingOutcome(epochs, result.interrupted(), result.stoppedEarly(), result.restoredEpoch(),
                test.map(t -> OptionalDouble.of(t.loss())).orElse(OptionalDouble.empty()),
                test.map(Metrics::accuracy).orElse(OptionalDouble.empty()), Optional.ofNullable(target));
    }

    /**
     * Hands each epoch to the listeners; a stop they request ends training right there, before the next epoch's
     * first batch (the trainer itself looks at {@link #stopRequested()} after each batch).
     */
    private final class EpochListeners implements dev.nn.train.TrainingListener {
        private final List<EpochReport> finished;

        EpochListeners(List<EpochReport> finished) {
            this.finished = finished;
        }

        @Override
        public void onEpoch(EpochReport report) {
            finished.add(report);
            EpochMetrics metrics = EpochMetrics.of(report);
            for (TrainingListener listener : listeners) {
                listener.onEpoch(metrics, Training.this);
            }
            if (stop.get() && report.epoch() < report.epochs()) {
                throw new StopAtEpochEnd();
            }
        }
    }

    /** Ends {@link Trainer#train} from a listener at an epoch's end; never leaves {@link #run()}. */
    private static final class StopAtEpochEnd extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopAtEpochEnd() {
            super(null, null, false, false);
        }
    }

    /** As {@code nn train --save}: the trained values and the metadata, data paths relative to the target. */
    private void save(Model model, TrainingResult result, Optional<Metrics> test, ModelFiles.Format form) {
        ComponentRegistry registry = nn.injector().getInstance(ComponentRegistry.class);
        try {
            ModelFiles.saveTrained(model, Provenance.metadata(model, result, test, PlatformVersion.version()), target,
                    form, format -> registry.dataSource(format).pathParameters());
        } catch (IOException e) {
            throw Failures.io(e);
        }
    }
}

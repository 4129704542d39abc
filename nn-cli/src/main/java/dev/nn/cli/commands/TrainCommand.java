package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.checkpoint.Checkpoint;
import dev.nn.checkpoint.CheckpointException;
import dev.nn.checkpoint.CheckpointFiles;
import dev.nn.checkpoint.CheckpointWriter;
import dev.nn.cli.output.DataReading;
import dev.nn.cli.output.EpochPrinter;
import dev.nn.cli.output.EpochTimer;
import dev.nn.cli.output.GradientTracer;
import dev.nn.cli.output.Listeners;
import dev.nn.cli.output.MetricsFile;
import dev.nn.cli.output.MetricsPlot;
import dev.nn.cli.output.ProgressBars;
import dev.nn.cli.output.Terminal;
import dev.nn.cli.support.CommandFiles;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.StopSignals;
import dev.nn.cli.support.UserInputException;
import dev.nn.input.UserText;
import dev.nn.cli.support.VersionInfo;
import dev.nn.io.AtomicFiles;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.modelfile.ModelFiles;
import dev.nn.registry.ComponentRegistry;
import dev.nn.spec.CheckpointSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelMetadata;
import dev.nn.tensor.DataType;
import dev.nn.tensor.KernelWarmUp;
import dev.nn.train.EpochReport;
import dev.nn.train.Evaluator;
import dev.nn.train.Metrics;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingCheckpoints;
import dev.nn.train.TrainingListener;
import dev.nn.train.TrainingResult;
import dev.nn.train.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn train SPEC}: trains the spec's network on its training data. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the network a spec describes on its training data, printing a line per epoch and a "
                + "summary. Ctrl-C, SIGTERM or SIGHUP stops after the current batch (writing a checkpoint of it "
                + "when checkpoints are on), keeps the last finished epoch's parameters, writes what was asked for "
                + "and exits 130; a second one quits at once.")
public final class TrainCommand implements Callable<Integer> {
    private static final String TEST_EVALUATION = "the test evaluation";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    OverrideOptions overrideOptions;

    @Parameters(index = "0", paramLabel = "SPEC",
            description = "The model spec (YAML), or a saved model (.nn or YAML) to train on.")
    Path specFile;

    @Option(names = "--dtype", paramLabel = "TYPE",
            description = "Train (and save the model) in this element type, float64 (the default) or float32 (half "
                    + "the memory, twice the vector lanes, about 7 significant digits): the same as "
                    + "--set dtype=TYPE, applied after the --set arguments. Components written for float64 run "
                    + "widened; nn summary lists them.")
    String dtype;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write per-epoch metrics as JSON Lines: {\"epoch\": 1, \"loss\": ..., \"accuracy\": ..., "
                    + "\"val_loss\": ..., \"val_accuracy\": ..., \"learning_rate\": ..., \"seconds\": ...}; seconds (the epoch's wall-clock "
                    + "time) is the one value that differs between two runs of the same spec and seed.")
    Path metrics;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the trained model with class names, input scaling and provenance: FILE.nn as one "
                    + "model file (the spec and its tensors), FILE.yaml or FILE.yml as a spec with every value as text.")
    Path save;

    @Option(names = "--trace",
            description = "Print each batch's loss and every parameter's gradient (W1_grad, b1_grad, ...).")
    boolean trace;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            completionCandidates = ProgressValues.class,
            description = "auto: on a terminal, a progress bar per epoch (batches, loss, samples/s, the whole "
                    + "run's time left) and progress while the data is read, all fitted to its width ($COLUMNS, "
                    + "else the terminal's, else 80); elsewhere plain lines, with no carriage returns or escape codes. "
                    + "bar: always bars; lines: never. Default: ${DEFAULT-VALUE}.")
    ProgressBars.Mode progress;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "After training (also when stopped), draw the loss and accuracy curves to FILE.png or "
                    + "FILE.svg, each y axis fitted to its values, the epoch early stopping restored (else the lowest "
                    + "val_loss, or loss) marked, and the test scores drawn and written under the title.")
    Path plot;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Write training checkpoints into DIR (as training.checkpoint does, whose dir this "
                    + "overrides): after every epoch (every_epochs), and when a signal stops training; nn train SPEC "
                    + "--resume DIR continues from the newest.")
    Path checkpointDirectory;

    @Option(names = "--resume", paramLabel = "DIR|FILE",
            description = "Continue training from a checkpoint (DIR: the newest in it), ending bit for bit as the "
                    + "uninterrupted run would; refused when the spec or the data changed since.")
    Path resume;

    @Option(names = SpecCommandSupport.ALLOW_CHANGED_DATA,
            description = "When SPEC is a saved model: train on its data files even when they changed since it was "
                    + "trained (their SHA-256 differs from the provenance's), with a warning.")
    boolean allowChangedData;

    /** The values of {@code --progress} as the shell completes them, in lower case like the documentation. */
    public static final class ProgressValues extends ArrayList<String> {
        private static final long serialVersionUID = 1;

        public ProgressValues() {
            super(List.of("auto", "bar", "lines"));
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> remaining = new CopyOnWriteArrayList<>();
        try (StopSignals signals = StopSignals.install(err, () -> List.copyOf(remaining))) {
            return train(spec.commandLine().getOut(), err, signals, remaining);
        }
    }

    /** Data files from this size on are worth compiling the kernels for while they are read. */
    static final long WARM_UP_BYTES = 1L << 20;

    /**
     * Compiles the spec's kernels on the core that reading the data leaves idle, when the data are large enough
     * for it to matter ({@link KernelWarmUp}); {@code null} (nothing to close) otherwise.
     */
    private static KernelWarmUp warmUpWhileReading(LoadedSpec loaded, long bytes) {
        if (bytes < WARM_UP_BYTES) {
            return null;
        }
        String dtype = loaded.spec().dtype();
        return KernelWarmUp.start(dtype == null ? DataType.FLOAT64
                : DataType.fromSpecName(dtype).orElse(DataType.FLOAT64));
    }

    /**
     * Reads and checks the spec and the data, trains, then evaluates the test set, saves and plots, moving
     * {@code signals} from phase to phase; {@code remaining} names what is still to be done after training, for the
     * messages of a signal.
     */
    private int train(PrintWriter out, PrintWriter err, StopSignals signals, List<String> remaining)
            throws IOException {
        Path checkpointFile = resume == null ? null : checkpointToResume();
        CommandFiles files = new CommandFiles().input("the spec", "SPEC", specFile)
                .input("the checkpoint", "--resume", checkpointFile)
                .output("--metrics", metrics).output("--save", save).output("--plot", plot);
        files.check();
        if (plot != null) {
            MetricsPlot.Format.of(plot, "--plot");
        }
        List<dev.nn.spec.SpecOverride> overrides = new java.util.ArrayList<>(overrideOptions.overrides());
        if (dtype != null) {
            if (dev.nn.tensor.DataType.fromSpecName(dtype).isEmpty()) {
                throw new UserInputException("--dtype: expected one of " + dev.nn.tensor.DataType.specNames()
                        + " but found " + UserText.quote(dtype));
            }
            overrides.add(dev.nn.spec.SpecOverride.parse("dtype=" + dtype));
        }
        Injector injector = common.startPlatform();
        LoadedSpec loaded = SpecCommandSupport.load(injector, specFile, overrides);
        SpecCommandSupport.addDataFiles(files, injector, loaded).check();
        ModelFiles.Format saveFormat = save == null ? null : saveFormat(save);
        boolean terminal = Terminal.isTerminal();
        boolean drawing = !trace && ProgressBars.show(progress, terminal);
        List<SpecCommandSupport.DataFile> dataFiles = SpecCommandSupport.dataFiles(injector, loaded);
        Model model;
        try (DataReading reading = DataReading.start(out, dataFiles.stream().map(SpecCommandSupport.DataFile::path)
                .toList(), dataFiles.stream().map(SpecCommandSupport.DataFile::shown).toList(), drawing);
                KernelWarmUp warmUp = warmUpWhileReading(loaded, reading.bytes())) {
            model = SpecCommandSupport.assemble(injector, loaded, ModelAssembler.DataRequirement.REQUIRED, err);
            reading.done();
        }
        SpecCommandSupport.checkData(model, allowChangedData, err);
        SpecCommandSupport.checkPluginDerivatives(injector, model, err);
        CheckpointWriter checkpoints = checkpoints(injector, model);
        TrainingState start = resume == null ? TrainingState.initial(model.training())
                : resume(checkpointFile, model, loaded, err);
        TrainingOver trainingOver = new TrainingOver(signals, remaining, model.data().test().isPresent());
        EpochTimer timer = new EpochTimer();
        List<TrainingListener> listeners = new ArrayList<>(List.of(trainingOver, timer));
        Optional<ProgressBars> bars = trace ? Optional.empty()
                : ProgressBars.create(progress, model.training().epochs(), timer);
        bars.ifPresent(listeners::add);
        // On a terminal (or with bars forced) the epoch lines fit its width; elsewhere they are whole, for scripts.
        listeners.add(trace ? new GradientTracer(out) : new EpochPrinter(out, timer,
                terminal || drawing ? Terminal.columnsEverySecond() : () -> EpochPrinter.UNLIMITED,
                model.training().schedule().isPresent()));
        MetricsFile metricsFile = metrics == null ? null : new MetricsFile(metrics, timer);
        if (metricsFile != null) {
            metricsFile.startWith(start.epochs());
            listeners.add(metricsFile);
        }
        String saving = "--save " + save;
        String plotting = "--plot " + plot;
        if (save != null) {
            remaining.add(saving);
        }
        if (plot != null) {
            remaining.add(plotting);
        }

        signals.training();
        timer.start();
        long started = System.nanoTime();
        TrainingResult result;
        try {
            result = new Trainer(model.network(), model.optimizer(), model.training(), model.labels())
                    .train(model.train().orElseThrow(), model.data().validation(), new Listeners(listeners),
                            signals::requested, start, checkpoints == null ? TrainingCheckpoints.NONE : checkpoints);
        } finally {
            bars.ifPresent(ProgressBars::close);
            if (metricsFile != null) {
                metricsFile.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Optional<Path> checkpoint = checkpoints == null ? Optional.empty() : checkpoints.lastWritten();
        String signal = signals.received().orElse("a signal");
        if (result.epochs().isEmpty()) {
            err.println(signal + " during epoch 1: nothing finished, " + checkpoint
                    .map(c -> "checkpoint written to " + c + " (continue with --resume " + c + ")")
                    .orElse("nothing written"));
            return ExitCodes.INTERRUPTED;
        }
        if (result.interrupted()) {
            // Said before anything is written, so that the lines saying what was written come after it.
            err.println(signal + ": stopped after epoch " + result.last().epoch() + " of "
                    + model.training().epochs() + (checkpoint.isPresent() ? "; checkpoint written to "
                    + checkpoint.get() + " (continue with --resume " + checkpoint.get() + ")" : "")
                    + (remaining.isEmpty() && metrics == null ? "; nothing else to write" : "; writing what was "
                    + "asked for") + ", then exiting with 130");
        }
        if (result.discardedBatches() > 0) {
            int unfinished = result.last().epoch() + 1;
            err.println("the parameters kept are those of epoch " + result.last().epoch() + ", the last finished "
                    + "one, which its metrics describe; the " + result.discardedBatches()
                    + (result.discardedBatches() == 1 ? " batch" : " batches") + " of epoch "
                    + unfinished + " after it are " + checkpoint.map(c -> "in the checkpoint " + c + " only")
                    .orElse("not kept"));
        }
        err.flush();

        // After training a signal no longer stops anything: what was asked for is finished, then nn exits with 130.
        // Training stopped by a signal skips the test evaluation.
        boolean evaluate = !result.interrupted() && model.data().test().isPresent();
        trainingOver.over(evaluate);
        Optional<Metrics> test = evaluate ? Optional.of(new Evaluator(model.network(),
                Evaluator.batchSize(model.training().batchSize())).evaluate(model.data().test().orElseThrow()))
                : Optional.empty();
        remaining.remove(TEST_EVALUATION);
        if (save != null) {
            save(injector, model, result, test, saveFormat);
            remaining.remove(saving);
        }
        if (plot != null) {
            MetricsPlot.Notes best = MetricsPlot.Notes.best(result.epochs());
            MetricsPlot.Notes notes = result.restoredEpoch() > 0
                    ? new MetricsPlot.Notes(result.restoredEpoch(), "restored epoch " + result.restoredEpoch()
                    + " (best " + model.training().earlyStopping().orElseThrow().monitor() + ")", test)
                    : new MetricsPlot.Notes(best.epoch(), best.label(), test);
            new MetricsPlot(model.name(), MetricsPlot.DEFAULT_WIDTH, MetricsPlot.DEFAULT_HEIGHT)
                    .write(result.epochs(), notes, plot);
            remaining.remove(plotting);
        }
        printSummary(out, model, result, test, seconds);
        if (signals.requested()) {
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.OK;
    }

    /**
     * Moves the signals to {@link StopSignals.Phase#AFTER_TRAINING} once training is over: at the last epoch's
     * report, before any listener prints it (so a signal sent once that line is out is one after training), or, when
     * training ends before its last epoch, when it returns. The test evaluation then joins what remains to be done.
     */
    private static final class TrainingOver implements TrainingListener {
        private final StopSignals signals;
        private final List<String> remaining;
        private final boolean testSet;
        private boolean over;

        TrainingOver(StopSignals signals, List<String> remaining, boolean testSet) {
            this.signals = signals;
            this.remaining = remaining;
            this.testSet = testSet;
        }

        @Override
        public void onEpoch(EpochReport report) {
            if (report.epoch() == report.epochs()) {
                over(testSet);
            }
        }

        /** Training is over; {@code evaluate}: the test set is evaluated next. Only the first call counts. */
        void over(boolean evaluate) {
            if (!over) {
                over = true;
                if (evaluate) {
                    remaining.add(0, TEST_EVALUATION);
                }
                signals.afterTraining();
            }
        }
    }

    /**
     * The checkpoint writer {@code --checkpoint} or {@code training.checkpoint} asks for ({@code dir} relative to the
     * spec's directory, {@code checkpoints} when absent), or {@code null}.
     */
    private CheckpointWriter checkpoints(Injector injector, Model model) {
        CheckpointSpec configured = model.spec().spec().training() == null ? null
                : model.spec().spec().training().checkpoint();
        if (checkpointDirectory == null && configured == null) {
            return null;
        }
        Path directory = checkpointDirectory != null ? checkpointDirectory
                : model.spec().directory().resolve(configured.dir() == null ? CheckpointSpec.DEFAULT_DIR : configured.dir());
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UserInputException((checkpointDirectory != null ? "--checkpoint " : "training.checkpoint.dir ")
                    + directory + ": not a directory");
        }
        int every = configured == null || configured.everyEpochs() == null ? CheckpointSpec.DEFAULT_EVERY_EPOCHS
                : configured.everyEpochs();
        int keep = configured == null || configured.keep() == null ? CheckpointSpec.DEFAULT_KEEP : configured.keep();
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        try {
            return new CheckpointWriter(model, directory, every, keep, VersionInfo.version(),
                    format -> registry.dataSource(format).pathParameters());
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /**
     * The checkpoint file {@code --resume} names (the newest in a directory), found before anything runs, so that no
     * output may replace it.
     */
    private Path checkpointToResume() {
        try {
            return CheckpointFiles.locate(resume);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** Reads the {@code --resume} checkpoint, checks it against the spec and data, and puts it into the model. */
    private TrainingState resume(Path checkpointFile, Model model, LoadedSpec loaded, PrintWriter err) {
        try {
            Checkpoint checkpoint = Checkpoint.read(checkpointFile);
            checkpoint.requireResumableWith(model, loaded.displayName());
            TrainingState start = checkpoint.restoreInto(model);
            err.println("resuming from " + checkpoint);
            err.flush();
            return start;
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /**
     * The form {@code --save FILE} asks for by its name; a device, a FIFO or a descriptor (written as a stream, e.g.
     * {@code /dev/stdout}) takes the YAML form.
     */
    private static ModelFiles.Format saveFormat(Path target) throws IOException {
        Optional<ModelFiles.Format> format = ModelFiles.Format.forName(target);
        if (format.isPresent()) {
            return format.get();
        }
        if (AtomicFiles.isStreamed(target)) {
            return ModelFiles.Format.YAML;
        }
        throw new UserInputException("--save " + target + ": unknown model format; the file name must end in .nn "
                + "(one model file: the spec and its tensors) or .yaml or .yml (the spec with every value as text)");
    }

    private void save(Injector injector, Model model, TrainingResult result, Optional<Metrics> test,
                      ModelFiles.Format form) throws IOException {
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        ModelFiles.saveTrained(model, withOverrides(Provenance.metadata(model, result, test, VersionInfo.version())),
                save, form, format -> registry.dataSource(format).pathParameters());
    }

    /**
     * {@code metadata} with the {@code --set} arguments given, in order, as its provenance's {@code overrides}: the
     * saved spec holds the values used, and this says which of them did not come from the spec file.
     */
    private ModelMetadata withOverrides(ModelMetadata metadata) {
        if (overrideOptions.arguments.isEmpty() && dtype == null) {
            return metadata;
        }
        java.util.Map<String, Object> provenance = new java.util.LinkedHashMap<>(metadata.provenance());
        List<String> arguments = new java.util.ArrayList<>(overrideOptions.arguments);
        if (dtype != null) {
            arguments.add("dtype=" + dtype);
        }
        provenance.put("overrides", List.copyOf(arguments));
        return new ModelMetadata(metadata.classes(), metadata.features(), metadata.inputScale(), provenance);
    }

    private void printSummary(PrintWriter out, Model model, TrainingResult result, Optional<Metrics> test,
                              double seconds) {
        EpochReport first = result.epochs().get(0);
        EpochReport last = result.last();
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "trained %s (%s) for %d epochs in %.3f s: loss %.10f -> %.10f", model.name(),
                SpecCommandSupport.shape(model), result.epochs().size(), seconds, first.loss(), last.loss()));
        if (last.accuracy().isPresent()) {
            summary.append(String.format(Locale.ROOT, ", accuracy %.4f", last.accuracy().getAsDouble()));
        }
        last.validation().ifPresent(v -> {
            summary.append(String.format(Locale.ROOT, ", val_loss %.10f", v.loss()));
            v.accuracy().ifPresent(a -> summary.append(String.format(Locale.ROOT, ", val_accuracy %.4f", a)));
        });
        out.println(summary);
        if (result.stoppedEarly()) {
            out.println("stopped early after epoch " + last.epoch() + ": "
                    + model.training().earlyStopping().orElseThrow().monitor() + " stopped improving");
        }
        if (result.restoredEpoch() > 0) {
            out.println("restored the parameters of epoch " + result.restoredEpoch() + " (the best "
                    + model.training().earlyStopping().orElseThrow().monitor() + ")");
        }
        test.ifPresent(t -> out.println(String.format(Locale.ROOT, "test: loss %.10f", t.loss())
                + t.accuracy().stream().mapToObj(a -> String.format(Locale.ROOT, ", accuracy %.4f", a))
                .findFirst().orElse("")));
        if (metrics != null) {
            out.println("metrics written to " + metrics);
        }
        if (save != null) {
            out.println("model saved to " + save);
        }
        if (plot != null) {
            out.println("plot written to " + plot);
        }
    }
}

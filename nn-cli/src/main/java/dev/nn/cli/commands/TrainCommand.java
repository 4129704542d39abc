package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.cli.ExitCodes;
import dev.nn.cli.CommandFiles;
import dev.nn.cli.StopSignals;
import dev.nn.cli.VersionInfo;
import dev.nn.cli.output.EpochPrinter;
import dev.nn.cli.output.GradientTracer;
import dev.nn.cli.output.Listeners;
import dev.nn.cli.output.MetricsFile;
import dev.nn.cli.output.MetricsPlot;
import dev.nn.cli.output.ProgressBars;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.registry.ComponentRegistry;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecWriter;
import dev.nn.train.EpochReport;
import dev.nn.train.Evaluator;
import dev.nn.train.Metrics;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingListener;
import dev.nn.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn train SPEC}: trains the spec's network on its training data. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the network a spec describes on its training data, printing a line per epoch and a "
                + "summary. Ctrl-C or SIGTERM stops after the current batch, writes what was asked for and exits 130.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The model spec (YAML).")
    Path specFile;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write per-epoch metrics as JSON Lines: {\"epoch\": 1, \"loss\": ..., \"accuracy\": ..., "
                    + "\"val_loss\": ..., \"val_accuracy\": ...}.")
    Path metrics;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the trained model as a spec with every layer's weights and bias, class names, input "
                    + "scaling and provenance.")
    Path save;

    @Option(names = "--trace",
            description = "Print each batch's loss and every parameter's gradient (W1_grad, b1_grad, ...).")
    boolean trace;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto: a progress bar per epoch on a terminal, else a line per epoch; bar; lines. "
                    + "Default: ${DEFAULT-VALUE}.")
    ProgressBars.Mode progress;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "After training (also when stopped), draw the loss and accuracy curves to FILE.png or "
                    + "FILE.svg.")
    Path plot;

    @Option(names = SpecCommandSupport.ALLOW_CHANGED_DATA,
            description = "When SPEC is a saved model: train on its data files even when they changed since it was "
                    + "trained (their SHA-256 differs from the provenance's), with a warning.")
    boolean allowChangedData;

    @Override
    public Integer call() throws IOException {
        CommandFiles files = new CommandFiles().input("the spec", "SPEC", specFile)
                .output("--metrics", metrics).output("--save", save).output("--plot", plot);
        files.check();
        if (plot != null) {
            MetricsPlot.Format.of(plot, "--plot");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Injector injector = common.startPlatform();
        LoadedSpec loaded = SpecCommandSupport.load(injector, specFile);
        SpecCommandSupport.addDataFiles(files, injector, loaded).check();
        Model model = SpecCommandSupport.assemble(injector, loaded, ModelAssembler.DataRequirement.REQUIRED, err);
        SpecCommandSupport.checkData(model, allowChangedData, err);
        SpecCommandSupport.checkPluginDerivatives(injector, model, err);
        List<TrainingListener> listeners = new ArrayList<>();
        Optional<ProgressBars> bars = trace ? Optional.empty()
                : ProgressBars.create(progress, model.training().epochs());
        bars.ifPresent(listeners::add);
        listeners.add(trace ? new GradientTracer(out) : new EpochPrinter(out));
        MetricsFile metricsFile = metrics == null ? null : new MetricsFile(metrics);
        if (metricsFile != null) {
            listeners.add(metricsFile);
        }
        long started = System.nanoTime();
        TrainingResult result;
        try (StopSignals signals = new StopSignals(err)) {
            result = new Trainer(model.network(), model.optimizer(), model.training(), model.labels())
                    .train(model.train().orElseThrow(), model.data().validation(), new Listeners(listeners),
                            signals::requested);
        } finally {
            bars.ifPresent(ProgressBars::close);
            if (metricsFile != null) {
                metricsFile.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (result.epochs().isEmpty()) {
            err.println("interrupted during epoch 1: nothing finished, nothing written");
            return ExitCodes.INTERRUPTED;
        }
        Optional<Metrics> test = result.interrupted() ? Optional.empty() : model.data().test()
                .map(t -> new Evaluator(model.network(), Math.max(model.training().batchSize(), 256)).evaluate(t));
        if (save != null) {
            save(injector, model, result, test);
        }
        if (plot != null) {
            new MetricsPlot(model.name(), MetricsPlot.DEFAULT_WIDTH, MetricsPlot.DEFAULT_HEIGHT)
                    .write(result.epochs(), plot);
        }
        printSummary(out, model, result, test, seconds);
        if (result.interrupted()) {
            err.println("interrupted after epoch " + result.last().epoch() + ": "
                    + (metrics != null ? "metrics written to " + metrics + "; " : "")
                    + (save != null ? "model saved to " + save : "nothing saved"));
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.OK;
    }

    private void save(Injector injector, Model model, TrainingResult result, Optional<Metrics> test)
            throws IOException {
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        ModelSpec trained = SpecWriter.withParameters(model.spec().spec(), model.network())
                .withMetadata(Provenance.metadata(model, result, test, VersionInfo.version()));
        trained = SpecWriter.withDataRelativeTo(trained, model.spec().directory(), save,
                format -> registry.dataSource(format).pathParameters());
        injector.getInstance(SpecWriter.class).write(trained, save);
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

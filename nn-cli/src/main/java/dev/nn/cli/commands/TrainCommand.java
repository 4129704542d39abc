package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.cli.UserInputException;
import dev.nn.cli.output.EpochPrinter;
import dev.nn.cli.output.GradientTracer;
import dev.nn.cli.output.Listeners;
import dev.nn.cli.output.MetricsFile;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.spec.SpecWriter;
import dev.nn.train.EpochReport;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingListener;
import dev.nn.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                + "summary.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The model spec (YAML).")
    Path specFile;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write per-epoch metrics as JSON Lines: {\"epoch\": 1, \"loss\": ..., \"accuracy\": ...}.")
    Path metrics;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the trained model as a spec with every layer's weights and bias.")
    Path save;

    @Option(names = "--trace",
            description = "Print each batch's loss and every parameter's gradient (W1_grad, b1_grad, ...).")
    boolean trace;

    @Override
    public Integer call() throws IOException {
        requireWritable(metrics, "--metrics");
        requireWritable(save, "--save");
        Injector injector = common.startPlatform();
        Model model = SpecCommandSupport.assemble(injector, specFile, ModelAssembler.DataRequirement.REQUIRED,
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(trace ? new GradientTracer(out) : new EpochPrinter(out));
        if (metrics != null) {
            listeners.add(new MetricsFile(metrics));
        }
        long started = System.nanoTime();
        TrainingResult result = new Trainer(model.network(), model.optimizer(), model.training())
                .train(model.train().orElseThrow(), new Listeners(listeners));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (save != null) {
            SpecWriter writer = injector.getInstance(SpecWriter.class);
            writer.write(SpecWriter.withParameters(model.spec().spec(), model.network()), save);
        }
        printSummary(out, model, result, seconds);
        return 0;
    }

    private void printSummary(PrintWriter out, Model model, TrainingResult result, double seconds) {
        EpochReport first = result.epochs().get(0);
        EpochReport last = result.last();
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "trained %s (%s) for %d epochs in %.3f s: loss %.10f -> %.10f", model.name(),
                SpecCommandSupport.shape(model), result.epochs().size(), seconds, first.loss(), last.loss()));
        if (last.accuracy().isPresent()) {
            summary.append(String.format(Locale.ROOT, ", accuracy %.4f", last.accuracy().getAsDouble()));
        }
        out.println(summary);
        if (metrics != null) {
            out.println("metrics written to " + metrics);
        }
        if (save != null) {
            out.println("model saved to " + save);
        }
    }

    private static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(option + " " + file + ": is a directory; expected a file path");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException(option + " " + file + ": the folder " + parent + " does not exist");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new UserInputException(option + " " + file + ": the folder " + parent + " is not writable");
        }
    }
}

package dev.nn.cli.commands;

import dev.nn.cli.output.MetricsPlot;
import dev.nn.cli.support.CommandFiles;
import dev.nn.cli.support.ExitCodes;
import dev.nn.train.EpochReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn plot METRICS -o FILE}: loss and accuracy curves from a metrics file. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw the loss and accuracy curves, training and validation, of a metrics file that "
                + "nn train --metrics wrote, as a PNG or SVG image (by the output's extension): each y axis fitted "
                + "to its values, the x axis from the first epoch, the epoch with the lowest val_loss (or loss) "
                + "marked.")
public final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "METRICS", description = "The metrics file (JSON Lines, one epoch a line).")
    Path metrics;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The image to write: FILE.png or FILE.svg. Replaced atomically.")
    Path output;

    @Option(names = "--width", paramLabel = "PIXELS", description = "Image width (default ${DEFAULT-VALUE}).")
    int width = MetricsPlot.DEFAULT_WIDTH;

    @Option(names = "--height", paramLabel = "PIXELS", description = "Image height (default ${DEFAULT-VALUE}).")
    int height = MetricsPlot.DEFAULT_HEIGHT;

    @Option(names = "--title", paramLabel = "TEXT", description = "The title (default: the metrics file's name).")
    String title;

    @Option(names = "--verbose", description = "Print stack traces and extra detail on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        MetricsPlot.Format.of(output, "-o");
        new CommandFiles().input("the metrics file", "METRICS", metrics).output("-o", output).check();
        MetricsPlot plot = new MetricsPlot(title != null ? title : defaultTitle(metrics), width, height);
        List<EpochReport> epochs = MetricsPlot.read(metrics);
        plot.write(epochs, output);
        spec.commandLine().getOut().println("plotted " + epochs.size() + " epochs to " + output);
        return ExitCodes.OK;
    }

    /** {@code runs/metrics.jsonl} gives {@code metrics}. */
    private static String defaultTitle(Path metrics) {
        String name = metrics.getFileName() == null ? metrics.toString() : metrics.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

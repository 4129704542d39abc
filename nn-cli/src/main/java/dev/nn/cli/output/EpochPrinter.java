package dev.nn.cli.output;

import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints one line per epoch: {@code epoch  3/40  loss 0.1530112345  accuracy 0.5000}, and with a learning-rate
 * schedule the epoch's rate at the end ({@code learning_rate 0.0475528}, six significant digits).
 */
public final class EpochPrinter implements TrainingListener {
    private final PrintWriter out;
    private final boolean learningRate;

    public EpochPrinter(PrintWriter out) {
        this(out, false);
    }

    /** @param learningRate whether to print each epoch's learning rate (when the run has a schedule) */
    public EpochPrinter(PrintWriter out, boolean learningRate) {
        this.out = out;
        this.learningRate = learningRate;
    }

    @Override
    public void onEpoch(EpochReport report) {
        int width = Integer.toString(report.epochs()).length();
        String line = String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.10f", report.epoch(),
                report.epochs(), report.loss());
        if (report.accuracy().isPresent()) {
            line += String.format(Locale.ROOT, "  accuracy %.4f", report.accuracy().getAsDouble());
        }
        if (report.validation().isPresent()) {
            line += String.format(Locale.ROOT, "  val_loss %.10f", report.validation().get().loss());
            if (report.validation().get().accuracy().isPresent()) {
                line += String.format(Locale.ROOT, "  val_accuracy %.4f",
                        report.validation().get().accuracy().getAsDouble());
            }
        }
        if (learningRate && report.learningRate().isPresent()) {
            line += "  learning_rate " + new java.math.BigDecimal(report.learningRate().getAsDouble())
                    .round(new java.math.MathContext(6)).stripTrailingZeros().toString();
        }
        out.println(line);
        out.flush();
    }
}

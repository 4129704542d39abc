package dev.nn.cli.output;

import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints one line per epoch: {@code epoch  3/40  loss 0.1530112345  accuracy 0.5000}. */
public final class EpochPrinter implements TrainingListener {
    private final PrintWriter out;

    public EpochPrinter(PrintWriter out) {
        this.out = out;
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
        out.println(line);
        out.flush();
    }
}

package dev.nn.cli.output;

import static java.util.Objects.requireNonNull;

import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.IntSupplier;

/**
 * Prints one line per epoch: {@code epoch  3/40  loss 0.1530112345  accuracy 0.5000  1.62 s}, the last part the
 * epoch's wall-clock time ({@link EpochTimer}), then {@code val_loss} and {@code val_accuracy} before it with a
 * validation set, and with a learning-rate schedule the epoch's rate before the time ({@code learning_rate 0.0475528},
 * six significant digits).
 *
 * <p>Off a terminal (a pipe, a file) the line is always this full form, for scripts. On a terminal it is fitted to
 * the width ({@link #line}).
 */
public final class EpochPrinter implements TrainingListener {
    /** A width that means "no limit": the full line. */
    public static final int UNLIMITED = 0;

    private final PrintWriter out;
    private final EpochTimer timer;
    private final IntSupplier width;
    private final boolean learningRate;

    /** Lines without the learning rate (a run without a schedule). */
    public EpochPrinter(PrintWriter out, EpochTimer timer, IntSupplier width) {
        this(out, timer, width, false);
    }

    /**
     * @param out where the lines go
     * @param timer the epochs' times
     * @param width the terminal's columns when asked, or {@link #UNLIMITED}
     * @param learningRate whether to print each epoch's learning rate (when the run has a schedule)
     */
    public EpochPrinter(PrintWriter out, EpochTimer timer, IntSupplier width, boolean learningRate) {
        this.out = requireNonNull(out, "out is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.width = requireNonNull(width, "width is null");
        this.learningRate = learningRate;
    }

    @Override
    public void onEpoch(EpochReport report) {
        out.println(line(report, timer.lastEpochSeconds(), width.getAsInt(), learningRate));
        out.flush();
    }

    /**
     * The epoch line, no wider than {@code width} less one column (unless {@link #UNLIMITED}). When the full line
     * does not fit, it becomes shorter step by step, in this order: losses with 5 decimals instead of 10;
     * {@code acc} and {@code val_acc} for the accuracies; one space between parts; no time; no {@code epoch} word;
     * then the validation accuracy, the validation loss and the accuracy go, and the rest is cut at the width.
     */
    static String line(EpochReport report, OptionalDouble seconds, int width) {
        return line(report, seconds, width, false);
    }

    /** As {@link #line(EpochReport, OptionalDouble, int)}, with the learning rate (dropped with the time) when asked. */
    static String line(EpochReport report, OptionalDouble seconds, int width, boolean learningRate) {
        int limit = width == UNLIMITED ? Integer.MAX_VALUE : Math.max(1, width - 1);
        String line = null;
        for (int step = 0; step <= 8; step++) {
            line = compose(report, seconds, step, learningRate);
            if (line.length() <= limit) {
                return line;
            }
        }
        return line.substring(0, limit);
    }

    private static String compose(EpochReport report, OptionalDouble seconds, int step, boolean learningRate) {
        String lossFormat = step >= 1 ? "%.5f" : "%.10f";
        boolean shortNames = step >= 2;
        String gap = step >= 3 ? " " : "  ";
        boolean time = step < 4;
        boolean word = step < 5;
        int digits = Integer.toString(report.epochs()).length();
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, (word ? "epoch " : "") + "%" + digits + "d/%d", report.epoch(),
                report.epochs()));
        parts.add(String.format(Locale.ROOT, "loss " + lossFormat, report.loss()));
        if (report.accuracy().isPresent() && step < 8) {
            parts.add(String.format(Locale.ROOT, (shortNames ? "acc" : "accuracy") + " %.4f",
                    report.accuracy().getAsDouble()));
        }
        report.validation().ifPresent(validation -> {
            if (step < 7) {
                parts.add(String.format(Locale.ROOT, "val_loss " + lossFormat, validation.loss()));
            }
            if (validation.accuracy().isPresent() && step < 6) {
                parts.add(String.format(Locale.ROOT, (shortNames ? "val_acc" : "val_accuracy") + " %.4f",
                        validation.accuracy().getAsDouble()));
            }
        });
        if (learningRate && time && report.learningRate().isPresent()) {
            parts.add((shortNames ? "lr " : "learning_rate ") + new java.math.BigDecimal(report.learningRate()
                    .getAsDouble()).round(new java.math.MathContext(6)).stripTrailingZeros().toString());
        }
        if (time && seconds.isPresent()) {
            parts.add(seconds(seconds.getAsDouble()));
        }
        return String.join(gap, parts);
    }

    /** {@code 0.42 s}, {@code 12.3 s}, {@code 754 s}. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 10 ? "%.2f s" : seconds < 100 ? "%.1f s" : "%.0f s", seconds);
    }
}

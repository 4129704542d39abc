package dev.nn.cli.output;

import static java.util.Objects.requireNonNull;

import dev.nn.train.BatchReport;
import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * A progress bar for each epoch on a terminal, drawn by the progressbar library: batches done of the epoch's total,
 * the time spent and left, the running loss (the epoch's batch-size-weighted mean so far) and samples per second.
 *
 * <p>When the epoch ends the bar is erased, so the epoch line that {@link EpochPrinter} prints next takes its place
 * and the scrollback keeps one line per epoch. A bar appears only once an epoch has run for {@link #DELAY}: epochs
 * faster than that print their line alone, without a flicker. Use with {@link #create}, which gives none when the
 * output is not a terminal; then the epoch lines are all there is.
 */
public final class ProgressBars implements TrainingListener, AutoCloseable {
    /** How long an epoch runs before its bar is shown. */
    static final Duration DELAY = Duration.ofMillis(300);

    /** When to draw bars: {@code auto} on a terminal, always ({@code bar}), or never ({@code lines}). */
    public enum Mode {
        AUTO, BAR, LINES
    }

    private final PrintStream out;
    private final int epochs;
    private final int width;
    private final LongSupplier nanoTime;
    private ProgressBar bar;
    private ErasingConsumer shown;
    private int epoch = 1;
    private long epochStarted;
    private long samples;
    private double weightedLoss;

    /**
     * @param out where the bars are drawn
     * @param epochs the epochs planned, for the bar's label ({@code epoch  3/40})
     * @param width the bar line's width in columns; 0 asks the terminal (through JLine), which needs one
     * @param nanoTime the clock, {@link System#nanoTime} but in tests
     */
    ProgressBars(PrintStream out, int epochs, int width, LongSupplier nanoTime) {
        this.out = requireNonNull(out, "out is null");
        this.epochs = epochs;
        this.width = width;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.epochStarted = nanoTime.getAsLong();
    }

    /** Bars on standard output for training of {@code epochs} epochs, when {@code mode} asks for them. */
    public static Optional<ProgressBars> create(Mode mode, int epochs) {
        return create(mode, epochs, isTerminal(), System.out);
    }

    /**
     * Bars on {@code out} for {@code mode}: {@code auto} only when {@code terminal}. Forced onto something that is not
     * a terminal, the bars are as wide as {@code $COLUMNS} (else 80) and never touch JLine.
     */
    static Optional<ProgressBars> create(Mode mode, int epochs, boolean terminal, PrintStream out) {
        boolean show = switch (mode) {
            case AUTO -> terminal;
            case BAR -> true;
            case LINES -> false;
        };
        if (!show) {
            return Optional.empty();
        }
        PrintStream utf8 = new PrintStream(out, true, StandardCharsets.UTF_8);
        int width = terminal ? 0 : columns(System.getenv("COLUMNS"));
        return Optional.of(new ProgressBars(utf8, epochs, width, System::nanoTime));
    }

    /**
     * Whether standard input and output are a terminal. Before Java 22 {@link System#console()} is null otherwise;
     * from Java 22 on it may not be, and {@code Console.isTerminal()} tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static int columns(String columns) {
        try {
            int value = columns == null ? 0 : Integer.parseInt(columns.trim());
            return value >= 20 ? value : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    @Override
    public void onBatch(BatchReport report) {
        if (report.epoch() != epoch) {
            startEpoch(report.epoch());
        }
        samples += report.size();
        weightedLoss += report.loss() * report.size();
        long elapsed = nanoTime.getAsLong() - epochStarted;
        if (bar == null && report.batch() < report.batches() && elapsed >= DELAY.toNanos()) {
            shown = new ErasingConsumer(out, width);
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %" + Integer.toString(epochs).length() + "d/%d",
                            report.epoch(), epochs))
                    .setInitialMax(report.batches())
                    .setUnit(" batches", 1)
                    .setStyle(style())
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .startsFrom(0, Duration.ofNanos(elapsed))
                    .setEtaFunction(ProgressBars::timeLeft)
                    .setConsumer(shown)
                    .clearDisplayOnFinish()
                    .build();
        }
        if (bar != null) {
            double seconds = elapsed / 1e9;
            bar.stepTo(report.batch());
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.5g  %s samples/s", weightedLoss / samples,
                    seconds > 0 ? String.format(Locale.ROOT, "%,.0f", samples / seconds) : "-"));
        }
    }

    /**
     * The epoch's time left at its pace so far. The library's own estimate counts only the time since the bar
     * appeared, against batches that include those done before it.
     */
    static Optional<Duration> timeLeft(ProgressState state) {
        long done = state.getCurrent();
        if (done <= 0 || state.getMax() <= 0) {
            return Optional.empty();
        }
        return Optional.of(state.getTotalElapsed().dividedBy(done).multipliedBy(Math.max(0, state.getMax() - done)));
    }

    @Override
    public void onEpoch(EpochReport report) {
        startEpoch(report.epoch() + 1);
    }

    private void startEpoch(int next) {
        close();
        epoch = next;
        epochStarted = nanoTime.getAsLong();
        samples = 0;
        weightedLoss = 0;
    }

    /** Whether a bar is on screen. */
    boolean showing() {
        return bar != null;
    }

    /** Erases the bar on screen, if any; training stopped in the middle of an epoch, or ended. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            // progressbar 0.10.1 skips the erasing when the bar is closed before its first scheduled drawing.
            if (!shown.closed) {
                shown.clear();
                shown.close();
            }
            bar = null;
            shown = null;
        }
    }

    private static ProgressBarStyle style() {
        if (!utf8(System.getProperty("native.encoding", "UTF-8"))) {
            return ProgressBarStyle.ASCII;
        }
        return System.getenv("NO_COLOR") == null ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK
                : ProgressBarStyle.UNICODE_BLOCK;
    }

    private static boolean utf8(String encoding) {
        try {
            return Charset.forName(encoding).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Draws the bar over itself with a carriage return, and on finishing erases it and leaves the cursor at the start
     * of the line, where the epoch line goes. The library's own console consumer ends with a newline instead, which
     * would leave an empty line per epoch.
     */
    private static final class ErasingConsumer extends ConsoleProgressBarConsumer {
        private final PrintStream stream;
        private volatile boolean closed;

        ErasingConsumer(PrintStream stream, int width) {
            super(stream, width);
            this.stream = stream;
        }

        @Override
        public void accept(String rendered) {
            super.accept(rendered);
            stream.flush();
        }

        @Override
        public void clear() {
            stream.print("\r" + " ".repeat(getMaxRenderedLength()) + "\r");
        }

        @Override
        public void close() {
            stream.flush();
            closed = true;
        }
    }
}

package dev.nn.cli.output;

import static java.util.Objects.requireNonNull;

import dev.nn.train.BatchReport;
import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A progress bar line for each epoch on a terminal ({@link ProgressLine}): the batches done of the epoch's total, the
 * running loss (the epoch's batch-size-weighted mean so far), samples per second and the whole run's time left,
 * fitted to the terminal's width, which is read again as each epoch's bar appears (a resized window gets lines of its
 * new width).
 *
 * <p>The line is redrawn over itself with a carriage return, at most every {@link #REDRAW}, and padded with spaces
 * over the longer line before it: no escape codes. When the epoch ends the line is blanked and the cursor left at its
 * start, so the epoch line that {@link EpochPrinter} prints next takes its place and the scrollback keeps one line per
 * epoch. A bar appears only once an epoch has run for {@link #DELAY}: epochs faster than that print their line alone,
 * without a flicker. Use with {@link #create}, which gives none when the output is not a terminal; then the epoch
 * lines are all there is.
 */
public final class ProgressBars implements TrainingListener, AutoCloseable {
    /** How long an epoch runs before its bar is shown. */
    static final Duration DELAY = Duration.ofMillis(300);
    /** The shortest time between two drawings of the bar. */
    static final Duration REDRAW = Duration.ofMillis(100);

    /** When to draw bars: {@code auto} on a terminal, always ({@code bar}), or never ({@code lines}). */
    public enum Mode {
        AUTO, BAR, LINES
    }

    private final PrintStream out;
    private final int epochs;
    private final IntSupplier columns;
    private final LongSupplier nanoTime;
    private final EpochTimer timer;
    private final ProgressLine lines;
    private int width;
    private int epoch = 1;
    private long epochStarted;
    private long drawn;
    private int shownLength;
    private boolean showing;
    private long samples;
    private double weightedLoss;

    /**
     * @param out where the bars are drawn
     * @param epochs the epochs planned, for the bar's label ({@code epoch  3/40}) and the time left
     * @param columns the terminal's width, asked at each epoch
     * @param nanoTime the clock, {@link System#nanoTime} but in tests
     * @param timer the finished epochs' times, for the time left
     * @param unicode block characters for the bar
     */
    ProgressBars(PrintStream out, int epochs, IntSupplier columns, LongSupplier nanoTime, EpochTimer timer,
                 boolean unicode) {
        this.out = requireNonNull(out, "out is null");
        this.epochs = epochs;
        this.columns = requireNonNull(columns, "columns is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.lines = new ProgressLine(unicode);
        this.epochStarted = nanoTime.getAsLong();
    }

    /** Bars on standard output for training of {@code epochs} epochs, when {@code mode} asks for them. */
    public static Optional<ProgressBars> create(Mode mode, int epochs, EpochTimer timer) {
        return create(mode, epochs, Terminal.isTerminal(), System.out, timer);
    }

    /** Bars on {@code out} for {@code mode}: {@code auto} only when {@code terminal}. */
    static Optional<ProgressBars> create(Mode mode, int epochs, boolean terminal, PrintStream out, EpochTimer timer) {
        if (!show(mode, terminal)) {
            return Optional.empty();
        }
        PrintStream utf8 = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Optional.of(new ProgressBars(utf8, epochs, Terminal.columnsEverySecond(), System::nanoTime, timer,
                Terminal.unicode()));
    }

    /** Whether {@code mode} draws bars when the output is ({@code terminal}) or is not a terminal. */
    public static boolean show(Mode mode, boolean terminal) {
        return switch (mode) {
            case AUTO -> terminal;
            case BAR -> true;
            case LINES -> false;
        };
    }

    @Override
    public void onBatch(BatchReport report) {
        if (report.epoch() != epoch) {
            startEpoch(report.epoch());
        }
        samples += report.size();
        weightedLoss += report.loss() * report.size();
        long now = nanoTime.getAsLong();
        long elapsed = now - epochStarted;
        boolean due = showing ? now - drawn >= REDRAW.toNanos() || report.batch() == report.batches()
                : report.batch() < report.batches() && elapsed >= DELAY.toNanos();
        if (due) {
            draw(report, elapsed);
            drawn = now;
        }
    }

    private void draw(BatchReport report, long elapsed) {
        if (!showing) {
            width = columns.getAsInt();
        }
        double seconds = elapsed / 1e9;
        OptionalDouble pace = seconds > 0 ? OptionalDouble.of(samples / seconds) : OptionalDouble.empty();
        String line = lines.render(report.epoch(), epochs, report.batch(), report.batches(), weightedLoss / samples,
                pace, timeLeft(report, seconds), width);
        out.print("\r" + line + " ".repeat(Math.max(0, shownLength - line.length())));
        out.flush();
        shownLength = line.length();
        showing = true;
    }

    /**
     * The whole run's time left: this epoch's rest at its pace so far, then each epoch still to come at the mean
     * time of those finished in this run (at this epoch's pace before the first has finished).
     */
    OptionalDouble timeLeft(BatchReport report, double seconds) {
        if (report.batch() <= 0 || seconds <= 0) {
            return OptionalDouble.empty();
        }
        double thisEpoch = seconds / report.batch() * report.batches();
        double rest = thisEpoch - seconds;
        double perEpoch = timer.meanEpochSeconds().orElse(thisEpoch);
        return OptionalDouble.of(Math.max(0, rest) + Math.max(0, epochs - report.epoch()) * perEpoch);
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
        return showing;
    }

    /** Blanks the bar on screen, if any, leaving the cursor at the line's start; training stopped, or ended. */
    @Override
    public void close() {
        if (showing) {
            out.print("\r" + " ".repeat(shownLength) + "\r");
            out.flush();
            showing = false;
            shownLength = 0;
        }
    }
}

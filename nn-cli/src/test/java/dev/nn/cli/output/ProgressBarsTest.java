package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.output.ProgressBars.Mode;
import dev.nn.train.BatchReport;
import dev.nn.train.EpochReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ProgressBarsTest {
    private static final long MILLIS = 1_000_000;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();
    private final EpochTimer timer = new EpochTimer(clock::get);

    private ProgressBars bars(int epochs, int width) {
        return new ProgressBars(out, epochs, () -> width, clock::get, timer, true);
    }

    @Test
    void noBarsWhenTheOutputIsNotATerminalUnlessAskedFor() {
        assertTrue(ProgressBars.create(Mode.AUTO, 40, false, out, timer).isEmpty());
        assertTrue(ProgressBars.create(Mode.LINES, 40, true, out, timer).isEmpty());
        assertTrue(ProgressBars.create(Mode.LINES, 40, false, out, timer).isEmpty());
        assertTrue(ProgressBars.create(Mode.AUTO, 40, true, out, timer).isPresent());
        assertTrue(ProgressBars.create(Mode.BAR, 40, false, out, timer).isPresent());
        assertEquals(0, bytes.size());
    }

    @Test
    void aSlowEpochShowsABarThatIsBlankedWhenTheEpochEnds() {
        ProgressBars bars = bars(12, 100);

        clock.addAndGet(100 * MILLIS);
        bars.onBatch(new BatchReport(1, 1, 4, 32, 0.9, List.of()));
        assertFalse(bars.showing(), "a bar before the delay");
        clock.addAndGet(300 * MILLIS);
        bars.onBatch(new BatchReport(1, 2, 4, 32, 0.7, List.of()));
        assertTrue(bars.showing());
        bars.onEpoch(new EpochReport(1, 12, 0.7, OptionalDouble.empty()));

        assertFalse(bars.showing());
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("\repoch  1/12 ["), shown);
        assertTrue(shown.contains(" 50% 2/4  loss 0.80000"), "the mean of 0.9 and 0.7: " + shown);
        assertTrue(shown.contains("160 samples/s"), "64 samples in 0.4 s: " + shown);
        // 0.4 s for half the epoch: 0.4 s left of it, and 11 epochs of 0.8 s after it
        assertTrue(shown.contains("ETA 0:09"), shown);
        assertFalse(shown.contains("\n"), "the bar must leave no line behind: " + shown);
        assertFalse(shown.contains("\u001b"), "no escape codes: " + shown);
        assertTrue(shown.endsWith("\r"), "the epoch line must start at the line's beginning: " + shown);
    }

    @Test
    void theTimeLeftCountsTheEpochsToComeAtTheMeanOfThoseFinished() {
        ProgressBars bars = bars(10, 100);
        clock.addAndGet(2000 * MILLIS);
        timer.onEpoch(new EpochReport(1, 10, 0.5, OptionalDouble.empty()));
        bars.onEpoch(new EpochReport(1, 10, 0.5, OptionalDouble.empty()));
        clock.addAndGet(500 * MILLIS);

        OptionalDouble left = bars.timeLeft(new BatchReport(2, 1, 4, 8, 0.5, List.of()), 0.5);

        // 1.5 s left of epoch 2 at its pace, then 8 epochs of 2 s
        assertEquals(1.5 + 8 * 2, left.getAsDouble(), 1e-12);
    }

    @Test
    void fastEpochsAndAnEpochsLastBatchShowNoBar() {
        ProgressBars bars = bars(2, 100);

        bars.onBatch(new BatchReport(1, 1, 2, 10, 0.5, List.of()));
        bars.onBatch(new BatchReport(1, 2, 2, 10, 0.5, List.of()));
        bars.onEpoch(new EpochReport(1, 2, 0.5, OptionalDouble.empty()));
        clock.addAndGet(1000 * MILLIS);
        bars.onBatch(new BatchReport(2, 1, 1, 10, 0.5, List.of()));
        bars.close();

        assertFalse(bars.showing());
        assertEquals(0, bytes.size());
    }

    @Test
    void redrawsPadOverTheLongerLineBeforeAndEachEpochAsksTheWidthAgain() {
        AtomicInteger width = new AtomicInteger(120);
        ProgressBars bars = new ProgressBars(out, 3, width::get, clock::get, timer, true);
        clock.addAndGet(500 * MILLIS);
        bars.onBatch(new BatchReport(1, 1, 10, 8, 0.5, List.of()));
        bars.onEpoch(new EpochReport(1, 3, 0.5, OptionalDouble.empty(), Optional.empty()));
        bytes.reset();
        width.set(40);
        clock.addAndGet(500 * MILLIS);
        bars.onBatch(new BatchReport(2, 1, 10, 8, 0.5, List.of()));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.length() <= 40, "the new width: " + shown);
    }

    @Test
    void closingInTheMiddleOfAnEpochBlanksTheBar() {
        ProgressBars bars = bars(3, 100);
        clock.addAndGet(500 * MILLIS);
        bars.onBatch(new BatchReport(1, 1, 10, 8, 0.5, List.of()));
        assertTrue(bars.showing());

        bars.close();

        assertFalse(bars.showing());
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.endsWith("\r"), shown.replace("\r", "<CR>"));
    }
}

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
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ProgressBarsTest {
    private static final long MILLIS = 1_000_000;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    @Test
    void noBarsWhenTheOutputIsNotATerminalUnlessAskedFor() {
        assertTrue(ProgressBars.create(Mode.AUTO, 40, false, out).isEmpty());
        assertTrue(ProgressBars.create(Mode.LINES, 40, true, out).isEmpty());
        assertTrue(ProgressBars.create(Mode.LINES, 40, false, out).isEmpty());
        assertTrue(ProgressBars.create(Mode.AUTO, 40, true, out).isPresent());
        assertTrue(ProgressBars.create(Mode.BAR, 40, false, out).isPresent());
        assertEquals(0, bytes.size());
    }

    @Test
    void testsAndPipesAreNotATerminal() {
        // Surefire's forked JVM has neither a console nor a terminal; nor has a run whose output goes to a file.
        assertFalse(ProgressBars.isTerminal());
        assertTrue(ProgressBars.create(Mode.AUTO, 40).isEmpty());
    }

    @Test
    void aSlowEpochShowsABarThatIsErasedWhenTheEpochEnds() {
        ProgressBars bars = new ProgressBars(out, 12, 100, clock::get);

        clock.addAndGet(100 * MILLIS);
        bars.onBatch(new BatchReport(1, 1, 4, 32, 0.9, List.of()));
        assertFalse(bars.showing(), "a bar before the delay");
        clock.addAndGet(300 * MILLIS);
        bars.onBatch(new BatchReport(1, 2, 4, 32, 0.7, List.of()));
        assertTrue(bars.showing());
        bars.onEpoch(new EpochReport(1, 12, 0.7, OptionalDouble.empty()));

        assertFalse(bars.showing());
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("epoch  1/12"), shown);
        assertTrue(shown.contains("2/4 batches"), shown);
        assertTrue(shown.contains("loss 0.80000"), "the mean of 0.9 and 0.7: " + shown);
        assertTrue(shown.contains("160 samples/s"), "64 samples in 0.4 s: " + shown);
        assertFalse(shown.contains("\n"), "the bar must leave no line behind: " + shown);
        assertTrue(shown.endsWith("\r"), "the epoch line must start at the line's beginning: " + shown);
    }

    @Test
    void fastEpochsAndAnEpochsLastBatchShowNoBar() {
        ProgressBars bars = new ProgressBars(out, 2, 100, clock::get);

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
    void closingInTheMiddleOfAnEpochErasesTheBar() {
        ProgressBars bars = new ProgressBars(out, 3, 100, clock::get);
        clock.addAndGet(500 * MILLIS);
        bars.onBatch(new BatchReport(1, 1, 10, 8, 0.5, List.of()));
        assertTrue(bars.showing());

        bars.close();

        assertFalse(bars.showing());
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.endsWith("\r"), shown.replace("\r", "<CR>"));
    }

    @Test
    void forcedBarsOffATerminalAreAsWideAsColumnsSays() {
        assertEquals(120, ProgressBars.columns("120"));
        assertEquals(80, ProgressBars.columns(null));
        assertEquals(80, ProgressBars.columns("wide"));
        assertEquals(80, ProgressBars.columns("5"));
    }
}

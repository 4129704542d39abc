package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

final class ProgressLineTest {
    private static final ProgressLine UNICODE = new ProgressLine(true);

    private static String line(int width) {
        return UNICODE.render(3, 40, 190, 422, 0.2438123, OptionalDouble.of(48786.4), OptionalDouble.of(3723), width);
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {20, 40, 60, 80, 120, 200})
    void everyLineLeavesTheTerminalsLastColumnFree(int width) {
        assertTrue(line(width).length() <= width - 1, line(width));
        // the largest numbers each part can hold
        String widest = UNICODE.render(99999, 99999, 999999, 999999, -1.23456e-300, OptionalDouble.of(9.99e12),
                OptionalDouble.of(9.99e7), width);
        assertTrue(widest.length() <= width - 1, widest);
        assertFalse(widest.contains("\n") || widest.contains("\r") || widest.contains("\u001b"), widest);
    }

    @Test
    void at80ColumnsTheBarTheLossAndTheWholeRunsTimeLeftFit() {
        String line = line(80);
        assertTrue(line.startsWith("epoch  3/40 ["), line);
        assertTrue(line.contains("  45% 190/422  loss 0.24381  ETA 1:02:03"), line);
        assertFalse(line.contains("samples/s"), "samples per second go first: " + line);
        assertTrue(bar(line).length() - 2 >= ProgressLine.MIN_BAR, line);
        assertEquals(78, line.length(), "the bar takes the room left but the loss's reserve: " + line);
    }

    @Test
    void wideTerminalsShowEveryPartAndABarOfAtMostItsMaximum() {
        String line = line(200);
        assertTrue(line.contains("  loss 0.24381  48,786 samples/s  ETA 1:02:03"), line);
        assertEquals(ProgressLine.MAX_BAR + 2, bar(line).length(), line);
        assertTrue(line(120).contains("48,786 samples/s"), line(120));
    }

    @Test
    void narrowTerminalsDropTheBatchCountThePercentageAndTheBarBeforeTheLossAndTheTimeLeft() {
        String at60 = line(60);
        assertTrue(at60.contains("loss 0.24381") && at60.contains("ETA 1:02:03") && at60.contains("["), at60);
        assertFalse(at60.contains("190/422"), "the batch count goes before the bar: " + at60);
        String at40 = line(40);
        assertEquals("epoch  3/40  loss 0.24381  ETA 1:02:03", at40);
        assertEquals("epoch  3/40  45%  ETA 1:02:03", line(30), "the percentage comes back when the loss leaves");
        assertEquals("epoch  3/40  ETA 1:02:03", line(26));
        assertEquals("epoch  3/40  45%", line(20));
        assertEquals("epoch  3/40", line(13));
    }

    @Test
    void theBarKeepsItsWidthAsTheNumbersBesideItChangeTheirs() {
        String early = UNICODE.render(1, 40, 1, 422, 2.3766, OptionalDouble.of(3486), OptionalDouble.of(7550), 80);
        String later = UNICODE.render(1, 40, 50, 422, 0.88454, OptionalDouble.of(23486), OptionalDouble.of(336), 80);
        assertEquals(bar(early).length(), bar(later).length(), early + "\n" + later);
    }

    @Test
    void theBarFillsInEighthsOfACell() {
        assertEquals("[████▌     ]", UNICODE.bar(0.45, 10));
        assertEquals("[          ]", UNICODE.bar(0, 10));
        assertEquals("[██████████]", UNICODE.bar(1, 10));
        assertEquals("[====>     ]", new ProgressLine(false).bar(0.45, 10));
    }

    @Test
    void timeLeftReadsAsAClock() {
        assertEquals("0:07", ProgressLine.clock(7.4));
        assertEquals("12:34", ProgressLine.clock(754));
        assertEquals("1:02:03", ProgressLine.clock(3723));
        String unknown = UNICODE.render(1, 40, 1, 422, 1.5, OptionalDouble.empty(), OptionalDouble.empty(), 80);
        assertTrue(unknown.endsWith("ETA -:--"), unknown);
    }

    private static String bar(String line) {
        return line.substring(line.indexOf('['), line.indexOf(']') + 1);
    }
}

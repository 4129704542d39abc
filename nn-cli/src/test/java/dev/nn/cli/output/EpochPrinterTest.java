package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.train.EpochReport;
import dev.nn.train.Metrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class EpochPrinterTest {
    private static final EpochReport VALIDATED = new EpochReport(3, 40, 0.2432061912, OptionalDouble.of(0.9106),
            Optional.of(new Metrics(0.3214400998, OptionalDouble.of(0.886))));
    private static final OptionalDouble TIME = OptionalDouble.of(1.6234);

    @Test
    void offATerminalTheLineIsWholeWithTheEpochsTimeLast() {
        assertEquals("epoch  3/40  loss 0.2432061912  accuracy 0.9106  val_loss 0.3214400998  val_accuracy 0.8860"
                + "  1.62 s", EpochPrinter.line(VALIDATED, TIME, EpochPrinter.UNLIMITED));
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {20, 40, 60, 80, 120, 200})
    void onATerminalTheLineFitsLeavingTheLastColumnFree(int width) {
        String line = EpochPrinter.line(VALIDATED, TIME, width);
        assertTrue(line.length() <= width - 1, line);
    }

    @Test
    void narrowTerminalsShortenTheNumbersAndNamesBeforeDroppingTheTimeAndThenMetrics() {
        assertEquals("epoch  3/40  loss 0.2432061912  accuracy 0.9106  val_loss 0.3214400998  val_accuracy 0.8860"
                + "  1.62 s", EpochPrinter.line(VALIDATED, TIME, 120));
        assertEquals("epoch  3/40  loss 0.24321  acc 0.9106  val_loss 0.32144  val_acc 0.8860  1.62 s",
                EpochPrinter.line(VALIDATED, TIME, 80));
        assertEquals("epoch  3/40 loss 0.24321 acc 0.9106 val_loss 0.32144 val_acc 0.8860",
                EpochPrinter.line(VALIDATED, TIME, 70));
        assertEquals(" 3/40 loss 0.24321 acc 0.9106 val_loss 0.32144 val_acc 0.8860",
                EpochPrinter.line(VALIDATED, TIME, 64));
        assertEquals(" 3/40 loss 0.24321 acc 0.9106 val_loss 0.32144", EpochPrinter.line(VALIDATED, TIME, 60));
        assertEquals(" 3/40 loss 0.24321 acc 0.9106", EpochPrinter.line(VALIDATED, TIME, 40));
        assertEquals(" 3/40 loss 0.24321 acc 0.9106", EpochPrinter.line(VALIDATED, TIME, 30));
        assertEquals(" 3/40 loss 0.24321", EpochPrinter.line(VALIDATED, TIME, 25));
        assertEquals(" 3/40 loss 0.243", EpochPrinter.line(VALIDATED, TIME, 17));
    }

    @Test
    void withAScheduleTheRateComesBeforeTheTimeAndGoesWithIt() {
        EpochReport scheduled = new EpochReport(3, 40, 0.2432061912, OptionalDouble.of(0.9106), Optional.empty(),
                OptionalDouble.of(0.047552825814757675));
        assertEquals("epoch  3/40  loss 0.2432061912  accuracy 0.9106  learning_rate 0.0475528  1.62 s",
                EpochPrinter.line(scheduled, TIME, EpochPrinter.UNLIMITED, true));
        assertEquals("epoch  3/40  loss 0.2432061912  accuracy 0.9106  1.62 s",
                EpochPrinter.line(scheduled, TIME, EpochPrinter.UNLIMITED, false));
        for (int width : new int[] {40, 60, 80}) {
            String line = EpochPrinter.line(scheduled, TIME, width, true);
            assertTrue(line.length() <= width - 1, line);
        }
    }

    @Test
    void theTimeIsTheEpochsWallClockTimeFromTheTimer() {
        AtomicLong clock = new AtomicLong();
        EpochTimer timer = new EpochTimer(clock::get);
        StringWriter text = new StringWriter();
        EpochPrinter printer = new EpochPrinter(new PrintWriter(text), timer, () -> EpochPrinter.UNLIMITED);
        EpochReport first = new EpochReport(1, 2, 0.5, OptionalDouble.empty(), Optional.empty());
        EpochReport second = new EpochReport(2, 2, 0.25, OptionalDouble.empty(), Optional.empty());

        clock.addAndGet(1_500_000_000L);
        timer.onEpoch(first);
        printer.onEpoch(first);
        clock.addAndGet(12_340_000_000L);
        timer.onEpoch(second);
        printer.onEpoch(second);

        assertEquals("epoch 1/2  loss 0.5000000000  1.50 s\nepoch 2/2  loss 0.2500000000  12.3 s\n",
                text.toString().replace(System.lineSeparator(), "\n"));
        assertEquals(6.92, timer.meanEpochSeconds().getAsDouble(), 1e-12);
    }
}

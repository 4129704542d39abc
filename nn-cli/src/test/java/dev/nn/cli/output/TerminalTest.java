package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class TerminalTest {
    @Test
    void columnsComeFromTheEnvironmentThenTheTerminalThen80() {
        assertEquals(132, Terminal.columns(Map.of("COLUMNS", "132"), () -> OptionalInt.of(100)));
        assertEquals(100, Terminal.columns(Map.of(), () -> OptionalInt.of(100)));
        assertEquals(100, Terminal.columns(Map.of("COLUMNS", "wide"), () -> OptionalInt.of(100)));
        assertEquals(80, Terminal.columns(Map.of(), OptionalInt::empty));
        assertEquals(Terminal.NARROWEST, Terminal.columns(Map.of("COLUMNS", "5"), OptionalInt::empty));
    }

    @Test
    void theWidthIsAskedAgainAtMostOncePerPeriod() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.IntSupplier columns = Terminal.columnsEvery(java.time.Duration.ofSeconds(1),
                () -> 80 + asked.incrementAndGet(), clock::get);

        assertEquals(81, columns.getAsInt());
        clock.addAndGet(999_999_999L);
        assertEquals(81, columns.getAsInt());
        clock.addAndGet(1);
        assertEquals(82, columns.getAsInt());
        assertEquals(2, asked.get());
    }

    @Test
    void testsAreNotATerminal() {
        // Surefire's forked JVM writes its output to the plugin, not a console.
        assertFalse(Terminal.isTerminal());
    }
}

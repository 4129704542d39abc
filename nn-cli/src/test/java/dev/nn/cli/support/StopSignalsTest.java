package dev.nn.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The signal flow, driven by {@link StopSignals#receive(String)} on a clock the test moves. */
final class StopSignalsTest {
    private static final long MILLI = 1_000_000L;

    private final StringWriter err = new StringWriter();
    private final List<Integer> exits = new ArrayList<>();
    private final List<String> remaining = new CopyOnWriteArrayList<>();
    private long now = 1_000 * MILLI;
    private Optional<String> pluginCall = Optional.empty();
    private final StopSignals signals = new StopSignals(new PrintWriter(err, true), () -> List.copyOf(remaining),
            exits::add, () -> now, () -> pluginCall);

    @Test
    void aSignalBeforeTrainingExitsAt130AndSaysNothingWasWritten() {
        signals.receive("SIGTERM");

        assertEquals(List.of(130), exits);
        assertEquals("SIGTERM before training started: nothing was written", lastLine());
    }

    @Test
    void aSignalDuringTrainingAsksToStopAfterTheBatchWithoutExiting() {
        signals.training();

        signals.receive("SIGINT");

        assertTrue(signals.requested());
        assertEquals(List.of(), exits);
        assertEquals("SIGINT: stopping after the current batch (again to quit at once)", lastLine());
    }

    @Test
    void signalsWithinTheWindowOfTheFirstAreTheSameRequest() {
        signals.training();
        signals.receive("SIGTERM");
        now += StopSignals.SAME_REQUEST.toNanos() - MILLI;

        signals.receive("SIGTERM");
        signals.receive("SIGHUP");

        assertEquals(List.of(), exits);
        assertEquals(1, err.toString().lines().filter(line -> line.startsWith("SIG")).count(), err::toString);
    }

    @Test
    void aSecondSignalAfterTheWindowQuitsNowSayingWhatIsNotDone() {
        remaining.addAll(List.of("--save model.yaml", "--plot loss.png"));
        signals.training();
        signals.receive("SIGTERM");
        now += StopSignals.SAME_REQUEST.toNanos();

        signals.receive("SIGINT");

        assertEquals(List.of(130), exits);
        assertEquals("SIGINT again: quitting now; not done: --save model.yaml, --plot loss.png", lastLine());
    }

    @Test
    void aSignalAfterTrainingLetsTheCommandFinishWhatIsLeft() {
        remaining.addAll(List.of("the test evaluation", "--save model.yaml"));
        signals.training();
        signals.afterTraining();

        signals.receive("SIGHUP");

        assertTrue(signals.requested());
        assertEquals(List.of(), exits);
        assertEquals("SIGHUP after training: finishing the test evaluation, --save model.yaml first, then exiting "
                + "with 130 (again to quit at once)", lastLine());
    }

    @Test
    void aSecondSignalWhenEverythingIsWrittenSaysSo() {
        signals.training();
        signals.afterTraining();
        signals.receive("SIGTERM");
        now += 2 * StopSignals.SAME_REQUEST.toNanos();

        signals.receive("SIGTERM");

        assertEquals(List.of(130), exits);
        assertEquals("SIGTERM again: quitting now; nothing was left to do", lastLine());
    }

    @Test
    void aRunningPluginCallIsNamedOnTheFirstAndTheSecondSignal() {
        pluginCall = Optional.of("plugin slow.jar (com.example.SlowProvider): activation 'slow' forward, running 12 s");
        signals.training();

        signals.receive("SIGINT");
        assertEquals("waiting for " + pluginCall.orElseThrow(), lastLine());
        now += StopSignals.SAME_REQUEST.toNanos();
        signals.receive("SIGINT");

        assertEquals(List.of(130), exits);
        List<String> lines = err.toString().lines().filter(line -> !line.isEmpty()).toList();
        assertEquals(List.of("SIGINT: stopping after the current batch (again to quit at once)",
                "waiting for " + pluginCall.orElseThrow(),
                "SIGINT again: quitting now; nothing was left to do",
                "waiting for " + pluginCall.orElseThrow()), lines);
    }

    @Test
    void aPluginCallThatHangsBeforeTrainingIsNamedBeforeExiting() {
        pluginCall = Optional.of("plugin slow.jar (com.example.SlowProvider): activation 'slow' create, running 9 s");

        signals.receive("SIGTERM");

        assertEquals(List.of(130), exits);
        assertEquals(List.of("SIGTERM before training started: nothing was written",
                "waiting for " + pluginCall.orElseThrow()),
                err.toString().lines().filter(line -> !line.isEmpty()).toList());
    }

    @Test
    void noPluginLineWhenNoPluginCallRuns() {
        signals.training();

        signals.receive("SIGTERM");

        assertFalse(err.toString().contains("waiting for"), err::toString);
    }

    private String lastLine() {
        List<String> lines = err.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }
}

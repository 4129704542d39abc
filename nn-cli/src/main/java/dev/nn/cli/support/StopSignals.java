package dev.nn.cli.support;

import static java.util.Objects.requireNonNull;

import dev.nn.plugins.PluginCalls;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP for a whole command, installed when it starts. What a first signal does
 * depends on the {@link Phase} the command is in:
 * <ul>
 *   <li>{@link Phase#BEFORE_TRAINING} (reading and checking the spec and the data): nothing was written, so the
 *   process says so and exits with 130 at once, without waiting for a long data load to end;</li>
 *   <li>{@link Phase#TRAINING}: training stops after the current batch ({@link #requested()}), then the command
 *   writes what was asked for and exits with 130;</li>
 *   <li>{@link Phase#AFTER_TRAINING} (test evaluation, saving, plotting): the command finishes what it still has to do
 *   (named in the message) and then exits with 130.</li>
 * </ul>
 * A second signal means "quit now": the process says what it did not write and exits with 130 at once, from the
 * signal's thread. Files in progress are not left half-written: {@link dev.nn.io.AtomicFiles} writes go to a
 * temporary file that either was moved over the target or is deleted on exit.
 *
 * <p>Signals within {@link #SAME_REQUEST} of the first are the same request, not a second one: a signal sent to the
 * whole process group can reach the process twice (GNU {@code timeout} signals its child and then the group; a
 * terminal hang-up reaches the foreground group and the shell passes it on).
 *
 * <p>When a plugin call is running as a signal arrives, its description from {@link PluginCalls#describeRunning()}
 * follows ({@code waiting for plugin x.jar: activation 'foo' forward, running 12 s}), so a hang is named.
 */
public final class StopSignals implements AutoCloseable {
    /** Signals arriving within this time of the first one count as that one. */
    public static final Duration SAME_REQUEST = Duration.ofSeconds(1);

    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    /** Where the command is; the phases only move forward. */
    public enum Phase {
        /** Reading and checking the spec and the data: nothing is written yet. */
        BEFORE_TRAINING,
        /** Training: a stop request ends it after the current batch. */
        TRAINING,
        /** Test evaluation, saving and plotting: finished before the command exits. */
        AFTER_TRAINING
    }

    private final PrintWriter err;
    private final IntConsumer exit;
    private final LongSupplier nanoTime;
    private final Supplier<Optional<String>> pluginCall;
    private final List<Signal> handled = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Phase phase = Phase.BEFORE_TRAINING;
    private final Supplier<List<String>> remaining;
    private String first;
    private long firstNanos;
    private volatile boolean requested;

    /**
     * The signal flow without handlers: {@link #receive(String)} acts as a signal would. {@code remaining} names,
     * when asked, what the command has still to do, in order ({@code the test evaluation}, {@code --save
     * model.yaml}), for the messages after training and of a second signal; {@code exit} ends the
     * process ({@code System::exit}); {@code nanoTime} is the clock for {@link #SAME_REQUEST}; {@code pluginCall}
     * describes the plugin call running now.
     */
    StopSignals(PrintWriter err, Supplier<List<String>> remaining, IntConsumer exit, LongSupplier nanoTime,
                Supplier<Optional<String>> pluginCall) {
        this.err = requireNonNull(err, "err is null");
        this.remaining = requireNonNull(remaining, "remaining is null");
        this.exit = requireNonNull(exit, "exit is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.pluginCall = requireNonNull(pluginCall, "pluginCall is null");
    }

    /**
     * Handles SIGINT, SIGTERM and SIGHUP from now on, in {@link Phase#BEFORE_TRAINING}, {@code remaining} naming
     * what the command has still to do (see the constructor); {@link #close()} restores
     * the previous handlers. A signal the process ignored when it started (SIGHUP under {@code nohup}, SIGINT in a
     * background job of a script) stays ignored: the JVM cannot handle it.
     */
    public static StopSignals install(PrintWriter err, Supplier<List<String>> remaining) {
        StopSignals signals = new StopSignals(err, remaining, System::exit, System::nanoTime,
                PluginCalls::describeRunning);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                signals.previous.add(Signal.handle(signal, s -> signals.receive("SIG" + s.getName())));
                signals.handled.add(signal);
            } catch (IllegalArgumentException e) {
                // Not available on this platform, or used by the JVM itself (-Xrs): leave it alone.
            }
        }
        return signals;
    }

    /**
     * Until a command installs its own handlers, and after it restores them: SIGINT, SIGTERM and SIGHUP end the
     * process at once with 130, after one line on stderr ({@code SIGTERM: quitting; no file is left half-written}:
     * every file nn writes is written atomically). Installed first thing in {@code main}, so a signal during start-up
     * or a short command gets the documented exit code and a message instead of the JVM's default (143 for SIGTERM,
     * silently).
     */
    public static void quitOnSignal(PrintWriter err) {
        requireNonNull(err, "err is null");
        AtomicBoolean quitting = new AtomicBoolean();
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (!quitting.getAndSet(true)) {
                        err.println();
                        err.println("SIG" + s.getName() + ": quitting; no file is left half-written");
                        err.flush();
                        System.exit(ExitCodes.INTERRUPTED);
                    }
                });
            } catch (IllegalArgumentException e) {
                // Not available on this platform, or used by the JVM itself (-Xrs): leave it alone.
            }
        }
    }

    /** Training starts: a first signal now stops it after the current batch. */
    public synchronized void training() {
        phase = Phase.TRAINING;
    }

    /** Training is over: a first signal now lets the command finish what {@code remaining} names. */
    public synchronized void afterTraining() {
        phase = Phase.AFTER_TRAINING;
    }

    /** Whether a signal asked the command to stop. */
    public boolean requested() {
        return requested;
    }

    /** The first signal received ({@code SIGINT} for Ctrl-C, {@code SIGTERM}, {@code SIGHUP}), if any. */
    public synchronized Optional<String> received() {
        return Optional.ofNullable(first);
    }

    /** What a signal named {@code name} ({@code SIGTERM}) does; called on the signal's own thread. */
    void receive(String name) {
        boolean quit;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (first != null && (now - firstNanos < SAME_REQUEST.toNanos() || phase == Phase.BEFORE_TRAINING)) {
                return; // the same request, or the process is exiting already
            }
            err.println();
            if (first == null) {
                first = name;
                firstNanos = now;
                requested = true;
                quit = phase == Phase.BEFORE_TRAINING;
                err.println(switch (phase) {
                    case BEFORE_TRAINING -> name + " before training started: nothing was written";
                    case TRAINING -> name + ": stopping after the current batch (again to quit at once)";
                    case AFTER_TRAINING -> name + " after training: " + finishing() + " (again to quit at once)";
                });
            } else {
                quit = true;
                List<String> left = remaining.get();
                err.println(name + " again: quitting now; "
                        + (left.isEmpty() ? "nothing was left to do" : "not done: " + String.join(", ", left)));
            }
            pluginCall.get().ifPresent(call -> err.println("waiting for " + call));
            err.flush();
        }
        if (quit) {
            exit.accept(ExitCodes.INTERRUPTED);
        }
    }

    private String finishing() {
        List<String> left = remaining.get();
        return left.isEmpty() ? "everything asked for is written, exiting with 130"
                : "finishing " + String.join(", ", left) + " first, then exiting with 130";
    }

    @Override
    public void close() {
        for (int i = 0; i < handled.size(); i++) {
            Signal.handle(handled.get(i), previous.get(i));
        }
    }
}

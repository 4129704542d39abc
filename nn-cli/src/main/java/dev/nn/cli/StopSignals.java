package dev.nn.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM during training: the first asks training to stop after the current batch, so the
 * command can write what the user asked for and exit with 130; a second one ends the process at once.
 */
public final class StopSignals implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final java.util.List<Signal> handled = new java.util.ArrayList<>();
    private final java.util.List<sun.misc.SignalHandler> previous = new java.util.ArrayList<>();

    /** Installs the handlers; {@link #close()} restores the previous ones. */
    public StopSignals(PrintWriter err) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                previous.add(Signal.handle(signal, s -> {
                    if (requested.getAndSet(true)) {
                        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                    }
                    err.println();
                    err.println("SIG" + s.getName() + ": stopping after the current batch (again to quit at once)");
                    err.flush();
                }));
                handled.add(signal);
            } catch (IllegalArgumentException e) {
                // The signal is not available on this platform or already used by the JVM; leave it alone.
            }
        }
    }

    /** Whether a stop was requested. */
    public boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < handled.size(); i++) {
            Signal.handle(handled.get(i), previous.get(i));
        }
    }
}

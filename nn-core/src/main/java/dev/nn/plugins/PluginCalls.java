package dev.nn.plugins;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The plugin call running now, if any: what {@link Guard} is running and since when, so that a command interrupted
 * while plugin code hangs can say what it is waiting for
 * ({@code waiting for plugin x.jar (com.example.FooProvider): activation 'foo' forward, running 12 s}).
 *
 * <p>Plugin calls do not nest and run on the thread that trains; the latest call to start is the one reported.
 */
public final class PluginCalls {
    private static volatile Call current;

    private PluginCalls() {
    }

    private record Call(Thread thread, String plugin, String what, long startedNanos) {
    }

    static Object enter(String plugin, String what) {
        Call call = new Call(Thread.currentThread(), plugin, what, System.nanoTime());
        current = call;
        return call;
    }

    static void exit(Object call) {
        if (current == call) {
            current = null;
        }
    }

    /**
     * {@code plugin x.jar (com.example.FooProvider): activation 'foo' forward, running 12 s} for the plugin call
     * running now, or empty when no plugin code runs.
     */
    public static Optional<String> describeRunning() {
        Call call = current;
        if (call == null || !call.thread().isAlive()) {
            return Optional.empty();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - call.startedNanos());
        return Optional.of(call.plugin() + ": " + call.what() + ", running " + seconds + " s");
    }
}

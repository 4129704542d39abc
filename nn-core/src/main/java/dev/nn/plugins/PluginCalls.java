package dev.nn.plugins;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The plugin call running now, if any: what {@link Guard} is running and since when, so that a command interrupted
 * while plugin code hangs can say what it is waiting for
 * ({@code waiting for plugin x.jar (com.example.FooProvider): activation 'foo' forward, running 12 s}).
 *
 * <p>The latest call to start that has not returned is the one reported. Calls nest (a plugin layer calling a
 * plugin activation): when the inner one returns, the outer one is reported again.
 */
public final class PluginCalls {
    private static volatile Call current;

    private PluginCalls() {
    }

    private static final class Call {
        final Thread thread = Thread.currentThread();
        final String plugin;
        final String what;
        final long startedNanos = System.nanoTime();
        final Call previous;
        volatile boolean done;

        Call(String plugin, String what, Call previous) {
            this.plugin = plugin;
            this.what = what;
            this.previous = previous;
        }
    }

    static Object enter(String plugin, String what) {
        Call call = new Call(plugin, what, current);
        current = call;
        return call;
    }

    static void exit(Object call) {
        Call returned = (Call) call;
        returned.done = true;
        if (current == returned) {
            current = running(returned.previous);
        }
    }

    /** The innermost call from {@code call} outwards that has not returned and whose thread is alive. */
    private static Call running(Call call) {
        Call candidate = call;
        while (candidate != null && (candidate.done || !candidate.thread.isAlive())) {
            candidate = candidate.previous;
        }
        return candidate;
    }

    /**
     * {@code plugin x.jar (com.example.FooProvider): activation 'foo' forward, running 12 s} for the plugin call
     * running now, or empty when no plugin code runs.
     */
    public static Optional<String> describeRunning() {
        Call call = running(current);
        if (call == null) {
            return Optional.empty();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - call.startedNanos);
        return Optional.of(call.plugin + ": " + call.what + ", running " + seconds + " s");
    }
}

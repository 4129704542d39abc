package dev.nn.plugins;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The second line of defence against plugin code ending the process: a shutdown hook that, when the JVM exits
 * without the platform having asked it to, says so on standard error, naming the plugin whose code called exit (by
 * reflection or a method handle, which {@link ExitCallRewriter} cannot see) and the plugin call that was running:
 * {@code nn: exit called from outside nn's control by plugin x.jar (com.example.Foo.forward) while plugin x.jar
 * (com.example.FooProvider): activation 'foo' forward, running 0 s}.
 *
 * <p>The hook cannot learn the exit status, nor stop the exit. An exit by a signal (Ctrl-C outside training) is not
 * reported here.
 */
public final class ExitWatch {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean PLATFORM_EXITS = new AtomicBoolean();
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static volatile PrintStream stream;

    private ExitWatch() {
    }

    /** Installs the hook once, reporting on {@code err}. */
    public static void install(PrintStream err) {
        Objects.requireNonNull(err, "err is null");
        if (INSTALLED.getAndSet(true)) {
            return;
        }
        stream = err;
        Runtime.getRuntime().addShutdownHook(new Thread(ExitWatch::reportNow, "nn-exit-watch"));
    }

    /**
     * Reports an exit the platform did not ask for, once, now. Its own hook calls it; so does any other shutdown
     * hook that is about to close standard error (hooks run in no set order), so that the report is out first.
     */
    public static void reportNow() {
        PrintStream err = stream;
        if (err == null || PLATFORM_EXITS.get() || REPORTED.getAndSet(true)) {
            return;
        }
        describe().ifPresent(line -> {
            err.println(line);
            err.flush();
        });
    }

    /** Called by the platform right before it exits itself: the hook then stays silent. */
    public static void platformExits() {
        PLATFORM_EXITS.set(true);
    }

    /** The report for an exit the platform did not ask for, or empty when there is nothing to name. */
    static Optional<String> describe() {
        Optional<String> running = PluginCalls.describeRunning();
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] frames = thread.getValue();
            if (!exiting(frames)) {
                continue;
            }
            if (thread.getKey().getName().startsWith("SIG")) {
                return Optional.empty(); // a signal: the signal handling reports it
            }
            Optional<String> caller = pluginFrame(frames);
            if (caller.isEmpty() && running.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("nn: exit called from outside nn's control"
                    + caller.map(c -> " by " + c).orElse("")
                    + running.map(r -> " while " + r).orElse(""));
        }
        return Optional.empty();
    }

    private static boolean exiting(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            if (frame.getClassName().equals("java.lang.Shutdown") && frame.getMethodName().equals("exit")) {
                return true;
            }
        }
        return false;
    }

    /** {@code plugin x.jar (com.example.Foo.forward)}: the innermost frame of plugin code. */
    private static Optional<String> pluginFrame(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            String loader = frame.getClassLoaderName();
            if (loader != null && PluginClassLoader.isPluginLoaderName(loader)) {
                return Optional.of("plugin " + loader + " (" + frame.getClassName() + "." + frame.getMethodName()
                        + ")");
            }
        }
        return Optional.empty();
    }
}

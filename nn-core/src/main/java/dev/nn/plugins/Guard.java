package dev.nn.plugins;

import dev.nn.registry.PluginException;
import dev.nn.spi.ParameterException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs plugin code with the plugin's class loader as the thread context class loader, records it as the running
 * plugin call ({@link PluginCalls}), and turns any failure into a {@link PluginException} naming the plugin and the
 * call. A {@link ParameterException} (a user's bad parameter) passes through. A refused exit
 * ({@link ExitRefusedException}) says what was called; a {@link StackOverflowError} or {@link OutOfMemoryError}
 * raised inside the call is reported like any other failure, as the plugin's, instead of ending the command with a
 * thousand-frame trace.
 */
final class Guard {
    private final String plugin;
    private final ClassLoader loader;

    /**
     * @param plugin how to name the plugin, e.g. {@code plugin swish.jar (com.example.SwishProvider)}
     * @param loader the plugin's class loader
     */
    Guard(String plugin, ClassLoader loader) {
        this.plugin = Objects.requireNonNull(plugin, "plugin is null");
        this.loader = Objects.requireNonNull(loader, "loader is null");
    }

    String plugin() {
        return plugin;
    }

    ContextClassLoader context() {
        return new ContextClassLoader(loader);
    }

    <T> T call(String what, Supplier<T> body) {
        Object call = PluginCalls.enter(plugin, what);
        try (ContextClassLoader ignored = new ContextClassLoader(loader)) {
            return body.get();
        } catch (ParameterException | PluginException e) {
            throw e;
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            throw failure(what, e);
        } finally {
            PluginCalls.exit(call);
        }
    }

    void run(String what, Runnable body) {
        call(what, () -> {
            body.run();
            return null;
        });
    }

    /** The {@link PluginException} for {@code e}, raised by plugin code during {@code what}. */
    PluginException failure(String what, Throwable e) {
        ExitRefusedException refused = refusedExitIn(e);
        if (refused != null) {
            return refusedExit(what, refused);
        }
        return new PluginException(plugin + ": " + what + " failed: " + describe(e), e);
    }

    private PluginException refusedExit(String what, ExitRefusedException e) {
        return new PluginException(plugin + ": " + what + " called " + e.call() + "; refused (in " + e.caller()
                + ")", e);
    }

    /** The refused exit {@code e} was caused by, if any (plugin code that wrapped it). */
    static ExitRefusedException refusedExitIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExitRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    <T> T notNull(String what, T value) {
        if (value == null) {
            throw new PluginException(plugin + ": " + what + " returned null", null);
        }
        return value;
    }

    /**
     * {@code java.lang.NoClassDefFoundError: com/x/Y} with the root cause when it adds something; a stack overflow
     * or running out of memory says what it likely means.
     */
    static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return e + " (the plugin's code recursed too deeply)";
        }
        if (e instanceof OutOfMemoryError) {
            return e + " (the plugin's code ran out of memory; a larger heap may help: NN_JAVA_OPTS=-Xmx...)";
        }
        StringBuilder text = new StringBuilder(e.toString());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            text.append(" (caused by ").append(root).append(')');
        }
        return text.toString().replace('\n', ' ');
    }
}

package dev.nn.plugins;

import dev.nn.spi.ParameterException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs plugin code with the plugin's class loader as the thread context class loader, and turns any failure into a
 * {@link PluginException} naming the plugin. A {@link ParameterException} (a user's bad parameter) passes through.
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
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException(plugin + ": " + what + " failed: " + describe(e), e);
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

    <T> T notNull(String what, T value) {
        if (value == null) {
            throw new PluginException(plugin + ": " + what + " returned null", null);
        }
        return value;
    }

    /** {@code java.lang.NoClassDefFoundError: com/x/Y} with the root cause when it adds something. */
    static String describe(Throwable e) {
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

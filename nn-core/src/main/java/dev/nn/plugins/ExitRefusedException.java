package dev.nn.plugins;

import dev.nn.registry.PluginException;
import java.util.Objects;

/**
 * Plugin code called {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}, and the platform refused: the
 * call was rewritten when the plugin's class was loaded ({@link PluginClassLoader}). {@link Guard} turns it into a
 * {@link PluginException} naming the plugin and what it was doing.
 */
public final class ExitRefusedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String caller;

    /**
     * @param call what was called, e.g. {@code System.exit(3)}
     * @param caller the method that called it, e.g. {@code com.example.FooProvider.create}
     */
    ExitRefusedException(String call, String caller) {
        super(caller + " called " + call + "; refused");
        this.call = Objects.requireNonNull(call, "call is null");
        this.caller = Objects.requireNonNull(caller, "caller is null");
    }

    /** What was called, e.g. {@code System.exit(3)}. */
    public String call() {
        return call;
    }

    /** The plugin method that called it, e.g. {@code com.example.FooProvider.create}. */
    public String caller() {
        return caller;
    }
}

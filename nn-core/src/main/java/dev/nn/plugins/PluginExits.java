package dev.nn.plugins;

/**
 * Internal to the platform, not part of the SPI: what a plugin's calls of {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} are rewritten to when its classes are loaded
 * ({@link ExitCallRewriter}). Each refuses by throwing {@link ExitRefusedException}, naming the plugin method that
 * called it. The plugin class loader delegates this one class to the platform so the rewritten calls resolve.
 */
public final class PluginExits {
    /** The internal name the rewritten calls refer to. */
    static final String INTERNAL_NAME = "dev/nn/plugins/PluginExits";

    private static final StackWalker WALKER = StackWalker.getInstance();

    private PluginExits() {
    }

    /** Replaces {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw refused("System.exit(" + status + ")");
    }

    /** Replaces {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw refused("Runtime.exit(" + status + ")");
    }

    /** Replaces {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw refused("Runtime.halt(" + status + ")");
    }

    private static ExitRefusedException refused(String call) {
        String caller = WALKER.walk(frames -> frames
                .filter(frame -> !frame.getClassName().equals(PluginExits.class.getName()))
                .findFirst()
                .map(frame -> frame.getClassName() + "." + frame.getMethodName())
                .orElse("plugin code"));
        return new ExitRefusedException(call, caller);
    }
}

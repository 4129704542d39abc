package dev.nn.cli;

import dev.nn.model.HeapLimit;
import dev.nn.plugins.PluginException;

/**
 * The one message for running out of heap, wherever it happens (reading data, building a network, drawing a plot,
 * a kernel worker thread): how much heap {@code nn} may use and how to give it more.
 */
final class OutOfMemory {
    private static final long FOUR_GB = 4L * 1024 * 1024 * 1024;

    private OutOfMemory() {
    }

    /**
     * Whether {@code thrown} or one of its causes is an {@link OutOfMemoryError}, outside plugin code: a
     * {@link PluginException} names the plugin that ran out of memory itself.
     */
    static boolean isCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PluginException) {
                return false;
            }
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** e.g. {@code error: out of memory (nn may use at most 64 MB of heap): give it more, e.g. NN_JAVA_OPTS=-Xmx4g}. */
    static String message() {
        long max = HeapLimit.max();
        return "error: out of memory (nn may use at most " + HeapLimit.describe(max) + " of heap): give it more, e.g. "
                + HeapLimit.setting(Math.max(FOUR_GB / 1.25, 2.0 * max));
    }
}

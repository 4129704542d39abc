package dev.nn.registry;

/**
 * Plugin code failed; the message names the plugin, its jar and what it was doing. Thrown by the components the
 * registry hands out when they come from a plugin ({@code dev.nn.plugins} guards them).
 */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}

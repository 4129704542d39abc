package dev.nn.plugins;

/** Plugin code failed; the message names the plugin, its jar and what it was doing. */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}

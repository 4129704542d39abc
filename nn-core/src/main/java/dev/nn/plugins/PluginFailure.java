package dev.nn.plugins;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin, or one provider in it, that was skipped.
 *
 * @param plugin the plugin's jar or folder
 * @param reason why, in one line
 * @param cause the exception behind it, when plugin code (or loading it) threw one: for a verbose report
 */
public record PluginFailure(Path plugin, String reason, Optional<Throwable> cause) {
    public PluginFailure {
        Objects.requireNonNull(plugin, "plugin is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(cause, "cause is null");
    }

    /** A failure with no exception behind it (a file that is not a jar, a wrong SPI version). */
    public PluginFailure(Path plugin, String reason) {
        this(plugin, reason, Optional.empty());
    }

    @Override
    public String toString() {
        return plugin.getFileName() + ": " + reason;
    }
}

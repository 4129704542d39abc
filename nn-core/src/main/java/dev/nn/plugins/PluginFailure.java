package dev.nn.plugins;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin, or one provider in it, that was skipped.
 *
 * @param plugin the plugin's jar or folder
 * @param reason why, in one line
 */
public record PluginFailure(Path plugin, String reason) {
    public PluginFailure {
        Objects.requireNonNull(plugin, "plugin is null");
        Objects.requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return plugin.getFileName() + ": " + reason;
    }
}

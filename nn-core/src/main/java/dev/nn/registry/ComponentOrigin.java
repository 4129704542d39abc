package dev.nn.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a component came from.
 *
 * @param location the jar or folder its class was loaded from, or {@code "built-in"}
 * @param version the version from that jar's manifest, when it declares one
 */
public record ComponentOrigin(String location, Optional<String> version) {
    /** The label for components shipped with the platform. */
    public static final String BUILT_IN = "built-in";

    public ComponentOrigin {
        Objects.requireNonNull(location, "location is null");
        Objects.requireNonNull(version, "version is null");
    }

    public boolean builtIn() {
        return BUILT_IN.equals(location);
    }

    @Override
    public String toString() {
        return location + version.map(v -> " " + v).orElse("");
    }
}

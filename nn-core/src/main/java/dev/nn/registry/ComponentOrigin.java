package dev.nn.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a component came from.
 *
 * @param location the jar or folder its class was loaded from, or {@code "built-in"}
 * @param version the version from that jar's manifest, when it declares one
 * @param title the {@code Implementation-Title} from that jar's manifest (the plugin's artifact), when it declares
 *     one: two jars with the same title are copies of one plugin
 */
public record ComponentOrigin(String location, Optional<String> version, Optional<String> title) {
    /** The label for components shipped with the platform. */
    public static final String BUILT_IN = "built-in";

    public ComponentOrigin {
        Objects.requireNonNull(location, "location is null");
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(title, "title is null");
    }

    /** An origin whose jar declares no title. */
    public ComponentOrigin(String location, Optional<String> version) {
        this(location, version, Optional.empty());
    }

    public boolean builtIn() {
        return BUILT_IN.equals(location);
    }

    @Override
    public String toString() {
        return location + version.map(v -> " " + v).orElse("");
    }
}

package dev.nn.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Two or more providers claim the same name for the same kind, and something asked for that name. When every one
 * comes from a copy of the same plugin (the same {@code Implementation-Title}, or the same provider class, in
 * different jars), the message says so: an upgrade dropped beside the old jar.
 */
public final class DuplicateComponentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateComponentException(DiscoveredComponent first, DiscoveredComponent second) {
        this(List.of(first, second));
    }

    /** @param claimants every component of one kind under one name, at least two */
    public DuplicateComponentException(List<DiscoveredComponent> claimants) {
        super(message(claimants));
    }

    /** The one-line description of the clash among {@code claimants}. */
    public static String message(List<DiscoveredComponent> claimants) {
        if (claimants.size() < 2) {
            throw new IllegalArgumentException("a clash needs two components, got " + claimants.size());
        }
        DiscoveredComponent first = claimants.get(0);
        String head = first.kind().displayName() + " '" + first.name() + "' is provided "
                + (claimants.size() == 2 ? "twice" : claimants.size() + " times") + ": ";
        if (samePlugin(claimants)) {
            return head + "the same plugin is installed " + (claimants.size() == 2 ? "twice" : claimants.size()
                    + " times") + ": " + claimants.stream().map(DuplicateComponentException::jar)
                    .collect(Collectors.joining(" and ")) + "; remove one";
        }
        return head + claimants.stream().map(c -> "by " + c.className() + " (" + where(c) + ")")
                .collect(Collectors.joining(" and ")) + "; remove one of them";
    }

    /** Whether every claimant is a plugin from its own location with the same title or the same provider class. */
    static boolean samePlugin(List<DiscoveredComponent> claimants) {
        DiscoveredComponent first = claimants.get(0);
        if (claimants.stream().anyMatch(c -> c.origin().builtIn())
                || claimants.stream().map(c -> c.origin().location()).distinct().count() < claimants.size()) {
            return false;
        }
        Optional<String> title = first.origin().title();
        boolean sameTitle = title.isPresent() && claimants.stream().allMatch(c -> c.origin().title().equals(title));
        boolean sameClass = claimants.stream().allMatch(c -> c.className().equals(first.className()));
        return sameTitle || sameClass;
    }

    /** {@code x-1.1.jar (1.1)}: the jar's file name with its version, when it declares one. */
    private static String jar(DiscoveredComponent component) {
        Path location = Path.of(component.origin().location());
        String name = location.getFileName() == null ? location.toString() : location.getFileName().toString();
        return name + component.origin().version().map(v -> " (" + v + ")").orElse("");
    }

    /** The plugin's jar or folder, or {@code built-in (its jar)}. */
    private static String where(DiscoveredComponent component) {
        Objects.requireNonNull(component, "component is null");
        if (!component.origin().builtIn()) {
            return component.origin().location();
        }
        return ComponentDiscovery.codeLocation(component.implementation())
                .map(path -> ComponentOrigin.BUILT_IN + ", " + path.getFileName())
                .orElse(ComponentOrigin.BUILT_IN);
    }
}

package dev.nn.registry;

/** Two providers claim the same name for the same kind. */
public final class DuplicateComponentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateComponentException(DiscoveredComponent first, DiscoveredComponent second) {
        super(first.kind().displayName() + " '" + first.name() + "' is provided twice: by "
                + first.className() + " (" + where(first) + ") and by "
                + second.className() + " (" + where(second) + "); remove one of them");
    }

    /** The plugin's jar or folder, or {@code built-in (its jar)}. */
    private static String where(DiscoveredComponent component) {
        if (!component.origin().builtIn()) {
            return component.origin().location();
        }
        return ComponentDiscovery.codeLocation(component.implementation())
                .map(path -> ComponentOrigin.BUILT_IN + ", " + path.getFileName())
                .orElse(ComponentOrigin.BUILT_IN);
    }
}

package dev.nn.registry;

/** Two providers claim the same name for the same kind. */
public final class DuplicateComponentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateComponentException(DiscoveredComponent first, DiscoveredComponent second) {
        super(first.kind().displayName() + " '" + first.name() + "' is provided twice: by "
                + first.className() + " (" + first.origin().location() + ") and by "
                + second.className() + " (" + second.origin().location() + ")");
    }
}

package dev.nn.registry;

import java.util.List;
import java.util.Optional;

/** A spec names a component that no provider offers. */
public final class UnknownComponentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ComponentKind kind;
    private final String name;
    private final List<String> available;

    public UnknownComponentException(ComponentKind kind, String name, List<String> available) {
        this(kind, name, available, List.of());
    }

    /**
     * @param skippedPlugins plugins that failed to load, each as "jar: reason"; the missing component may be in one
     */
    public UnknownComponentException(ComponentKind kind, String name, List<String> available,
                                     List<String> skippedPlugins) {
        super(message(kind, name, available) + (skippedPlugins.isEmpty() ? ""
                : "; it may be in a plugin that failed to load: " + String.join("; ", skippedPlugins)));
        this.kind = kind;
        this.name = name;
        this.available = List.copyOf(available);
    }

    private static String message(ComponentKind kind, String name, List<String> available) {
        StringBuilder text = new StringBuilder("unknown ").append(kind.displayName()).append(" '").append(name).append('\'');
        text.append(NameSuggestions.didYouMean(name, available));
        text.append(available.isEmpty() ? "; none are available" : "; available: " + String.join(", ", available));
        return text.toString();
    }

    public ComponentKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public List<String> available() {
        return available;
    }

    /** The nearest available name, when one is close enough to be a likely typo. */
    public Optional<String> suggestion() {
        return NameSuggestions.closest(name, available);
    }
}

package dev.nn.registry;

import dev.nn.spi.ComponentProvider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds every provider of every {@link ComponentKind} visible to a class loader, with {@link ServiceLoader}.
 *
 * <p>Each provider is listed under its name and under each alias.
 */
public final class ComponentDiscovery {
    private ComponentDiscovery() {
    }

    /**
     * Discovers the components on {@code loader}, labelling them with the origin {@code originOf} gives each
     * provider class.
     */
    public static List<DiscoveredComponent> discover(
            ClassLoader loader, Function<Class<?>, ComponentOrigin> originOf) {
        List<DiscoveredComponent> found = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            for (ComponentProvider<?> provider : ServiceLoader.load(kind.providerType(), loader)) {
                found.addAll(entries(kind, provider, originOf.apply(provider.getClass())));
            }
        }
        return found;
    }

    /** Discovers the components on the platform's own class path, all labelled built-in. */
    public static List<DiscoveredComponent> builtIns() {
        return discover(ComponentDiscovery.class.getClassLoader(),
                type -> new ComponentOrigin(ComponentOrigin.BUILT_IN, Optional.empty()));
    }

    /** The entries for one provider: its name, then its aliases. */
    public static List<DiscoveredComponent> entries(
            ComponentKind kind, ComponentProvider<?> provider, ComponentOrigin origin) {
        return entries(kind, provider, provider.getClass(), origin);
    }

    /** The entries for a provider whose implementation class is given separately (a wrapped plugin provider). */
    public static List<DiscoveredComponent> entries(
            ComponentKind kind, ComponentProvider<?> provider, Class<?> implementation, ComponentOrigin origin) {
        List<DiscoveredComponent> entries = new ArrayList<>();
        entries.add(new DiscoveredComponent(kind, provider.name(), provider, implementation, origin));
        for (String alias : provider.aliases()) {
            entries.add(new DiscoveredComponent(kind, alias, provider, implementation, origin));
        }
        return entries;
    }

    /** The jar or folder {@code type} was loaded from, when known. */
    public static Optional<Path> codeLocation(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

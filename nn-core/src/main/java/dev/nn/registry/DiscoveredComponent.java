package dev.nn.registry;

import dev.nn.spi.ComponentProvider;
import java.util.Objects;

/**
 * A provider found by discovery, under one of its names.
 *
 * @param kind what it provides
 * @param name the name a spec uses (its own name or an alias)
 * @param provider the provider instance
 * @param origin where its class came from
 */
public record DiscoveredComponent(
        ComponentKind kind, String name, ComponentProvider<?> provider, ComponentOrigin origin) {
    public DiscoveredComponent {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(origin, "origin is null");
    }

    /** Whether {@link #name} is an alias rather than the provider's own name. */
    public boolean alias() {
        return !name.equals(provider.name());
    }

    /** The implementing class's name. */
    public String className() {
        return provider.getClass().getName();
    }
}

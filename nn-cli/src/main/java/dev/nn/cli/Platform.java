package dev.nn.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentModule;
import dev.nn.registry.DiscoveredComponent;
import java.util.List;

/**
 * Builds the platform's one Guice injector: every discovered component (one {@code MapBinder} per kind), from which
 * commands get the services they use (the registry, the spec loader, the model assembler, the spec writer).
 */
public final class Platform {
    private Platform() {
    }

    /** The injector over the built-in components. */
    public static Injector start() {
        return start(ComponentDiscovery.builtIns());
    }

    /** The injector over {@code components}. */
    public static Injector start(List<DiscoveredComponent> components) {
        return Guice.createInjector(new ComponentModule(components));
    }
}

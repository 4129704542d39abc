package dev.nn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import dev.nn.layers.DenseLayerProvider;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.LossProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link java.util.ServiceLoader} path: a class loader over a temporary folder holding
 * {@code META-INF/services} files that name fixture classes on the test class path (as JUnit's
 * {@code TemporaryClasspathExecutor} does).
 */
final class ComponentDiscoveryTest {
    private static final ComponentOrigin FIXTURES = new ComponentOrigin("fixtures", Optional.of("9.9"));

    @TempDir
    Path folder;

    @Test
    void discoversProvidersListedInServiceFilesUnderTheirNamesAndAliases() throws IOException {
        services(folder, ActivationProvider.class, ServiceFixtures.DoublingProvider.class.getName());
        services(folder, LossProvider.class, "# a comment line", ServiceFixtures.AbsoluteErrorProvider.class.getName());
        List<Class<?>> labelled = new ArrayList<>();

        List<DiscoveredComponent> found;
        try (URLClassLoader loader = loaderOver(folder)) {
            found = ComponentDiscovery.discover(loader, labelling(labelled));
        }

        DiscoveredComponent doubling = find(found, ComponentKind.ACTIVATION, "doubling");
        DiscoveredComponent twice = find(found, ComponentKind.ACTIVATION, "twice");
        DiscoveredComponent absolute = find(found, ComponentKind.LOSS, "absolute_error");
        assertInstanceOf(ServiceFixtures.DoublingProvider.class, doubling.provider());
        assertSame(doubling.provider(), twice.provider());
        assertFalse(doubling.alias());
        assertTrue(twice.alias());
        assertEquals(FIXTURES, doubling.origin());
        assertEquals(FIXTURES, absolute.origin());
        assertInstanceOf(ServiceFixtures.AbsoluteErrorProvider.class, absolute.provider());
        assertTrue(labelled.contains(ServiceFixtures.DoublingProvider.class));
        assertTrue(labelled.contains(ServiceFixtures.AbsoluteErrorProvider.class));
    }

    @Test
    void alsoFindsWhatTheParentClassLoaderProvides() throws IOException {
        services(folder, ActivationProvider.class, ServiceFixtures.DoublingProvider.class.getName());

        List<DiscoveredComponent> found;
        try (URLClassLoader loader = loaderOver(folder)) {
            found = ComponentDiscovery.discover(loader, labelling(new ArrayList<>()));
        }

        assertInstanceOf(DenseLayerProvider.class, find(found, ComponentKind.LAYER, "dense").provider());
    }

    @Test
    void withoutTheServiceFilesTheFixturesAreNotFound() throws IOException {
        List<DiscoveredComponent> found;
        try (URLClassLoader loader = loaderOver(folder)) {
            found = ComponentDiscovery.discover(loader, labelling(new ArrayList<>()));
        }

        assertTrue(found.stream().noneMatch(c -> c.name().equals("doubling")), found::toString);
    }

    @Test
    void discoveredProvidersBindIntoTheRegistry() throws IOException {
        services(folder, ActivationProvider.class, ServiceFixtures.DoublingProvider.class.getName());

        ComponentRegistry registry;
        try (URLClassLoader loader = loaderOver(folder)) {
            registry = Guice.createInjector(new ComponentModule(
                    ComponentDiscovery.discover(loader, labelling(new ArrayList<>())))).getInstance(ComponentRegistry.class);
        }

        assertInstanceOf(ServiceFixtures.DoublingProvider.class, registry.activation("twice"));
        assertTrue(registry.names(ComponentKind.ACTIVATION).containsAll(List.of("doubling", "twice")));
        assertTrue(registry.names(ComponentKind.LAYER).contains("dense"));
    }

    @Test
    void twoDiscoveredProvidersOfOneNameFailWhenAskedForNamingBothClasses() throws IOException {
        services(folder, ActivationProvider.class, ServiceFixtures.DoublingProvider.class.getName(),
                ServiceFixtures.OtherDoublingProvider.class.getName());

        List<DiscoveredComponent> found;
        try (URLClassLoader loader = loaderOver(folder)) {
            found = ComponentDiscovery.discover(loader, labelling(new ArrayList<>()));
        }

        ComponentRegistry registry = Guice.createInjector(new ComponentModule(found))
                .getInstance(ComponentRegistry.class);
        String message = assertThrows(DuplicateComponentException.class, () -> registry.activation("doubling"))
                .getMessage();
        assertTrue(message.contains(ServiceFixtures.DoublingProvider.class.getName()), message);
        assertTrue(message.contains(ServiceFixtures.OtherDoublingProvider.class.getName()), message);
    }

    @Test
    void codeLocationOfATestClassIsTheFolderItWasLoadedFrom() {
        Path location = ComponentDiscovery.codeLocation(ServiceFixtures.DoublingProvider.class).orElseThrow();

        assertTrue(Files.isDirectory(location) || Files.isRegularFile(location), location.toString());
        assertEquals(Optional.empty(), ComponentDiscovery.codeLocation(String.class));
    }

    private static Function<Class<?>, ComponentOrigin> labelling(List<Class<?>> labelled) {
        return type -> {
            labelled.add(type);
            return type.getName().startsWith(ServiceFixtures.class.getName()) ? FIXTURES
                    : new ComponentOrigin(ComponentOrigin.BUILT_IN, Optional.empty());
        };
    }

    private static DiscoveredComponent find(List<DiscoveredComponent> found, ComponentKind kind, String name) {
        return found.stream().filter(c -> c.kind() == kind && c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " '" + name + "' not discovered in " + found));
    }

    private static void services(Path root, Class<?> service, String... lines) throws IOException {
        Path file = root.resolve("META-INF/services/" + service.getName());
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }

    private static URLClassLoader loaderOver(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, ComponentDiscoveryTest.class.getClassLoader());
    }
}

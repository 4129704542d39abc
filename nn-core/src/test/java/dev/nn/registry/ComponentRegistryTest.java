package dev.nn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.LossProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ComponentRegistryTest {
    private static final ComponentOrigin BUILT_IN = new ComponentOrigin(ComponentOrigin.BUILT_IN, Optional.empty());

    @Test
    void looksUpAProviderByNameAndByAlias() {
        ActivationProvider identity = activation("identity", "linear");
        ActivationProvider relu = activation("relu");

        ComponentRegistry registry = registry(entries(identity, BUILT_IN), entries(relu, BUILT_IN));

        assertSame(identity, registry.activation("identity"));
        assertSame(identity, registry.activation("linear"));
        assertSame(relu, registry.provider(ComponentKind.ACTIVATION, "relu"));
        assertTrue(registry.contains(ComponentKind.ACTIVATION, "linear"));
        assertFalse(registry.contains(ComponentKind.LOSS, "relu"));
    }

    @Test
    void namesAreSortedAndIncludeAliases() {
        ComponentRegistry registry = registry(entries(activation("tanh"), BUILT_IN),
                entries(activation("identity", "linear"), BUILT_IN), entries(activation("relu"), BUILT_IN));

        assertEquals(List.of("identity", "linear", "relu", "tanh"), registry.names(ComponentKind.ACTIVATION));
    }

    @Test
    void anAliasIsRecordedAsAnAliasOfItsProvider() {
        ActivationProvider identity = activation("identity", "linear");

        ComponentRegistry registry = registry(entries(identity, BUILT_IN));

        DiscoveredComponent linear = registry.component(ComponentKind.ACTIVATION, "linear").orElseThrow();
        assertTrue(linear.alias());
        assertSame(identity, linear.provider());
        assertFalse(registry.component(ComponentKind.ACTIVATION, "identity").orElseThrow().alias());
        assertEquals(2, registry.components().size());
    }

    @Test
    void anUnknownNameFailsListingTheAvailableOnesAndSuggesting() {
        ComponentRegistry registry = registry(entries(activation("relu"), BUILT_IN),
                entries(activation("tanh"), BUILT_IN));

        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> registry.activation("rleu"));

        assertEquals(List.of("relu", "tanh"), e.available());
        assertTrue(e.getMessage().contains("did you mean 'relu'?"), e.getMessage());
        assertTrue(e.getMessage().contains("available: relu, tanh"), e.getMessage());
    }

    @Test
    void theSameNameInTwoKindsIsAllowed() {
        ActivationProvider activation = activation("identity");
        LossProvider loss = mock(LossProvider.class);
        when(loss.name()).thenReturn("identity");
        when(loss.aliases()).thenReturn(List.of());

        ComponentRegistry registry = registry(entries(activation, BUILT_IN), entries(loss, BUILT_IN));

        assertSame(activation, registry.activation("identity"));
        assertSame(loss, registry.loss("identity"));
    }

    @Test
    void aKindWithoutProvidersIsAnEmptyList() {
        ComponentRegistry registry = registry(entries(activation("relu"), BUILT_IN));

        assertEquals(List.of(), registry.names(ComponentKind.OPTIMIZER));
        assertEquals(List.of(), registry.names(ComponentKind.LOSS));
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> registry.optimizer("sgd"));
        assertTrue(e.getMessage().contains("none are available"), e.getMessage());
    }

    @Test
    void noComponentsAtAllStillBuildsTheRegistryAndEmptyMaps() {
        Injector injector = Guice.createInjector(new ComponentModule(List.of()));

        for (ComponentKind kind : ComponentKind.values()) {
            assertEquals(List.of(), injector.getInstance(ComponentRegistry.class).names(kind), kind.displayName());
        }
        Map<String, ComponentProvider<?>> providers =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, ComponentProvider<?>>>() { }));
        assertTrue(providers.isEmpty());
    }

    @Test
    void everyKindIsBoundInOneGuiceMapByKindAndName() {
        ActivationProvider identity = activation("identity", "linear");

        Injector injector = Guice.createInjector(new ComponentModule(entries(identity, BUILT_IN)));

        Map<String, ComponentProvider<?>> providers =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, ComponentProvider<?>>>() { }));
        assertEquals(Map.of("ACTIVATION/identity", identity, "ACTIVATION/linear", identity), providers);
        assertSame(identity, injector.getInstance(ComponentRegistry.class).activation("linear"));
    }

    @Test
    void aDuplicateNameFailsOnlyWhenAskedForNamingBothClassesAndOrigins() {
        ActivationProvider tanh = activation("tanh");
        List<DiscoveredComponent> components = new ArrayList<>();
        components.addAll(entries(new PluginARelu(), new ComponentOrigin("plugins/a.jar", Optional.of("1.0"))));
        components.addAll(entries(new PluginBRelu(), new ComponentOrigin("plugins/b.jar", Optional.empty())));
        components.addAll(entries(tanh, BUILT_IN));

        ComponentRegistry registry = Guice.createInjector(new ComponentModule(components))
                .getInstance(ComponentRegistry.class);

        assertSame(tanh, registry.activation("tanh"));
        DuplicateComponentException duplicate = assertThrows(DuplicateComponentException.class,
                () -> registry.activation("relu"));
        String message = duplicate.getMessage();
        assertTrue(message.contains("activation 'relu' is provided twice"), message);
        assertTrue(message.contains(PluginARelu.class.getName()), message);
        assertTrue(message.contains(PluginBRelu.class.getName()), message);
        assertTrue(message.contains("plugins/a.jar") && message.contains("plugins/b.jar"), message);
        assertEquals(3, registry.components().size());
        assertTrue(registry.clashes(ComponentKind.ACTIVATION, "relu"));
        assertFalse(registry.clashes(ComponentKind.ACTIVATION, "tanh"));
        assertEquals(1, registry.clashes().size());
    }

    @Test
    void anAliasClashingWithAnotherProvidersNameIsADuplicate() {
        ActivationProvider identity = activation("identity");
        List<DiscoveredComponent> components = new ArrayList<>();
        components.addAll(entries(identity, BUILT_IN));
        components.addAll(entries(new LinearWithIdentityAlias(), BUILT_IN));

        ComponentRegistry registry = Guice.createInjector(new ComponentModule(components))
                .getInstance(ComponentRegistry.class);

        DuplicateComponentException duplicate = assertThrows(DuplicateComponentException.class,
                () -> registry.activation("identity"));
        assertTrue(duplicate.getMessage().contains("'identity'"), duplicate.getMessage());
        assertTrue(duplicate.getMessage().contains(LinearWithIdentityAlias.class.getName()), duplicate.getMessage());
        assertInstanceOf(LinearWithIdentityAlias.class, registry.activation("linear"));
    }

    @Test
    void twoJarsOfOnePluginAreTheSamePluginInstalledTwice() {
        List<DiscoveredComponent> components = new ArrayList<>();
        components.addAll(entries(new PluginARelu(),
                new ComponentOrigin("plugins/relu-1.0.jar", Optional.of("1.0"), Optional.of("relu-plugin"))));
        components.addAll(entries(new PluginBRelu(),
                new ComponentOrigin("plugins/relu-1.1.jar", Optional.of("1.1"), Optional.of("relu-plugin"))));

        ComponentRegistry registry = Guice.createInjector(new ComponentModule(components))
                .getInstance(ComponentRegistry.class);

        DuplicateComponentException duplicate = assertThrows(DuplicateComponentException.class,
                () -> registry.activation("relu"));
        assertEquals("activation 'relu' is provided twice: the same plugin is installed twice: relu-1.0.jar (1.0) "
                + "and relu-1.1.jar (1.1); remove one", duplicate.getMessage());
    }

    private static ActivationProvider activation(String name, String... aliases) {
        ActivationProvider provider = mock(ActivationProvider.class);
        when(provider.name()).thenReturn(name);
        when(provider.aliases()).thenReturn(List.of(aliases));
        return provider;
    }

    private static List<DiscoveredComponent> entries(ComponentProvider<?> provider, ComponentOrigin origin) {
        return ComponentDiscovery.entries(ComponentKind.of(provider), provider, origin);
    }

    @SafeVarargs
    private static ComponentRegistry registry(List<DiscoveredComponent>... components) {
        List<DiscoveredComponent> all = new ArrayList<>();
        for (List<DiscoveredComponent> some : components) {
            all.addAll(some);
        }
        return Guice.createInjector(new ComponentModule(all)).getInstance(ComponentRegistry.class);
    }

    /** One plugin's relu. */
    static final class PluginARelu implements ActivationProvider {
        @Override
        public String name() {
            return "relu";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            throw new UnsupportedOperationException();
        }
    }

    /** Another plugin's relu, under the same name. */
    static final class PluginBRelu implements ActivationProvider {
        @Override
        public String name() {
            return "relu";
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            throw new UnsupportedOperationException();
        }
    }

    /** {@code linear}, which also claims {@code identity} as an alias. */
    static final class LinearWithIdentityAlias implements ActivationProvider {
        @Override
        public String name() {
            return "linear";
        }

        @Override
        public List<String> aliases() {
            return List.of("identity");
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            throw new UnsupportedOperationException();
        }
    }
}

/**
 * Discovery and lookup of components.
 *
 * <p>{@link dev.nn.registry.ComponentDiscovery} finds providers with {@link java.util.ServiceLoader} on a class
 * loader; {@link dev.nn.registry.ComponentModule} binds them into Guice, one {@code MapBinder} per
 * {@link dev.nn.registry.ComponentKind kind}; {@link dev.nn.registry.ComponentRegistry} is what the rest of the
 * platform asks for a component by name. A name several components claim fails when it is asked for, naming every
 * claimant (or saying that one plugin is installed twice); unknown names fail listing the available ones. A
 * component whose plugin code fails throws {@link dev.nn.registry.PluginException}, so that whoever uses a component
 * (the model assembly, the CLI) can name the plugin without depending on how plugins are loaded.
 */
package dev.nn.registry;

/**
 * Loading plugin jars in isolation.
 *
 * <p>{@link dev.nn.plugins.PluginLoader} finds plugins in plugin locations (a jar is a plugin; a folder of jars is
 * one plugin that ships its own dependencies), gives each its own {@link dev.nn.plugins.PluginClassLoader} (which
 * shares only the SPI packages with the platform), checks the SPI version in its manifest, discovers its providers
 * with {@link java.util.ServiceLoader}, and wraps every provider so that a failure in plugin code, whenever it
 * happens, names the plugin ({@link dev.nn.registry.PluginException}). A broken plugin is reported as a
 * {@link dev.nn.plugins.PluginFailure} and skipped; the others load.
 *
 * <p>Faults in plugin code are contained: calls of {@code System.exit}/{@code Runtime.halt} are rewritten as plugin
 * classes load to throw {@link dev.nn.plugins.ExitRefusedException}, and {@link dev.nn.plugins.ExitWatch} names the
 * plugin when an exit by reflection slips past; a stack overflow or running out of memory inside a plugin call is
 * that plugin's failure; {@link dev.nn.plugins.PluginCalls} records the plugin call running now.
 */
package dev.nn.plugins;


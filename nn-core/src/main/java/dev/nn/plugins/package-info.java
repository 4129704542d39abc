/**
 * Loading plugin jars in isolation.
 *
 * <p>{@link dev.nn.plugins.PluginLoader} finds plugins in plugin locations (a jar is a plugin; a folder of jars is
 * one plugin that ships its own dependencies), gives each its own {@link dev.nn.plugins.PluginClassLoader} (which
 * shares only the SPI packages with the platform), checks the SPI version in its manifest, discovers its providers
 * with {@link java.util.ServiceLoader}, and wraps every provider so that a failure in plugin code, whenever it
 * happens, names the plugin ({@link dev.nn.plugins.PluginException}). A broken plugin is reported as a
 * {@link dev.nn.plugins.PluginFailure} and skipped; the others load.
 */
package dev.nn.plugins;

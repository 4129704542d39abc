/**
 * Starting the platform: {@link dev.nn.platform.PlatformInjector} builds its one Guice injector over the built-in
 * components and the plugins of given folders, the same for the command line and the Java API;
 * {@link dev.nn.platform.PlatformVersion} is the platform's version and plugin SPI version, from the build. The
 * package sits above {@code dev.nn.plugins} and {@code dev.nn.registry}; nothing in the platform depends on it.
 */
package dev.nn.platform;

package dev.nn.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plugin's class loader: the platform's SPI packages come from the platform, the JDK from the JDK, and everything
 * else from the plugin's own jars, which are searched first. A plugin that bundles another version of a library the
 * platform uses (Jackson, Guava) gets its own.
 */
public final class PluginClassLoader extends URLClassLoader {
    /** The packages a plugin shares with the platform: the SPI and the tensor it computes on. */
    public static final Set<String> SHARED_PACKAGES = Set.of("dev.nn.spi.", "dev.nn.tensor.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader platformLoader;

    /**
     * @param name a label for the plugin (its jar or folder name)
     * @param jars the plugin's jars, in search order
     * @param platformLoader the loader of the platform's SPI classes
     */
    public PluginClassLoader(String name, List<URL> jars, ClassLoader platformLoader) {
        super(name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.platformLoader = Objects.requireNonNull(platformLoader, "platformLoader is null");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                if (isShared(name)) {
                    loaded = platformLoader.loadClass(name);
                } else {
                    try {
                        loaded = ClassLoader.getPlatformClassLoader().loadClass(name);
                    } catch (ClassNotFoundException notInJdk) {
                        loaded = findClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The plugin's own resource first, then the JDK's. */
    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : ClassLoader.getPlatformClassLoader().getResource(name);
    }

    /** The plugin's own resources, then the JDK's; never the platform's (so its services files stay its own). */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(ClassLoader.getPlatformClassLoader().getResources(name)));
        return Collections.enumeration(all);
    }
}

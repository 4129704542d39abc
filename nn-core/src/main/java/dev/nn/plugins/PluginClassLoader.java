package dev.nn.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Manifest;

/**
 * A plugin's class loader: the platform's SPI packages come from the platform, the JDK from the JDK, and everything
 * else from the plugin's own jars, which are searched first. A plugin that bundles another version of a library the
 * platform uses (Jackson, Guava) gets its own.
 *
 * <p>Every class read from the plugin's jars is defined with its calls of {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} rewritten to throw {@link ExitRefusedException}
 * ({@link ExitCallRewriter}): plugin code cannot end the process behind the platform's back. The one platform class
 * those rewritten calls refer to, {@link PluginExits}, is delegated to the platform besides the SPI.
 */
public final class PluginClassLoader extends URLClassLoader {
    /** The packages a plugin shares with the platform: the SPI and the tensor it computes on. */
    public static final Set<String> SHARED_PACKAGES = Set.of("dev.nn.spi.", "dev.nn.tensor.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private final ClassLoader platformLoader;

    /**
     * @param name a label for the plugin (its jar or folder name)
     * @param jars the plugin's jars, in search order
     * @param platformLoader the loader of the platform's SPI classes
     */
    public PluginClassLoader(String name, List<URL> jars, ClassLoader platformLoader) {
        super(name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.platformLoader = Objects.requireNonNull(platformLoader, "platformLoader is null");
        NAMES.add(name);
    }

    /** Whether a plugin class loader of this name was made, so a stack frame's loader name is a plugin's. */
    static boolean isPluginLoaderName(String name) {
        return NAMES.contains(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                if (isShared(name) || name.equals(PluginExits.class.getName())) {
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

    /** Reads the class from the plugin's jars and defines it with its exit calls rewritten. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        URL resource = findResource(name.replace('.', '/').concat(".class"));
        if (resource == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        URL codeBase = resource;
        Manifest manifest = null;
        CodeSigner[] signers = null;
        try {
            URLConnection connection = resource.openConnection();
            try (InputStream in = connection.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (connection instanceof JarURLConnection jar) {
                codeBase = jar.getJarFileURL();
                manifest = jar.getManifest();
                signers = jar.getJarEntry() == null ? null : jar.getJarEntry().getCodeSigners();
            }
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (cannot read " + resource + ": " + e.getMessage() + ")", e);
        }
        definePackageOf(name, manifest, codeBase);
        byte[] rewritten = ExitCallRewriter.rewrite(bytes);
        return defineClass(name, rewritten, 0, rewritten.length, new CodeSource(codeBase, signers));
    }

    private void definePackageOf(String className, Manifest manifest, URL codeBase) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String packageName = className.substring(0, dot);
        if (getDefinedPackage(packageName) != null) {
            return;
        }
        try {
            if (manifest != null) {
                definePackage(packageName, manifest, codeBase);
            } else {
                definePackage(packageName, null, null, null, null, null, null, null);
            }
        } catch (IllegalArgumentException definedMeanwhile) {
            // another thread defined it first: the same package
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

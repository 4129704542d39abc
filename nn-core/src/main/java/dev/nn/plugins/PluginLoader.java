package dev.nn.plugins;

import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentOrigin;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.registry.PluginException;
import dev.nn.spi.ComponentProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Loads the plugins in plugin locations.
 *
 * <p>A location is a folder. Each {@code .jar} in it is a plugin; each sub-folder is one plugin made of the jars in
 * it (for a plugin that ships its own dependencies). Hidden files and {@code README} files (other than jars) are
 * ignored; any other file is reported, and so is a {@code .jar} that is not a regular file (a FIFO, a device), which
 * is never opened. For each plugin, in name order:
 * <ol>
 *   <li>every jar is opened first (Java 17's {@code ServiceLoader} silently finds nothing in a corrupt jar);</li>
 *   <li>the manifest's {@value #SPI_VERSION_ATTRIBUTE} must equal the platform's, when the jar declares one; a jar
 *       built for SPI 1 is accepted by SPI 2, which changed only the layer interfaces, but its layer providers are
 *       skipped, with a message naming both versions;</li>
 *   <li>providers are discovered with {@link ServiceLoader} on the plugin's own {@link PluginClassLoader}, catching
 *       both {@link ServiceConfigurationError} and {@link LinkageError} around {@code hasNext()} and
 *       {@code next()}, so one bad services entry skips only that provider;</li>
 *   <li>each provider must give a non-blank name, and is wrapped so every later call names the plugin on failure.</li>
 * </ol>
 */
public final class PluginLoader {
    /** The manifest attribute holding the SPI version a plugin was built against. */
    public static final String SPI_VERSION_ATTRIBUTE = "Nn-Spi-Version";

    private static final int MAX_SERVICE_ERRORS = 1000;

    private final ClassLoader platformLoader;
    private final String spiVersion;

    /**
     * @param platformLoader the loader of the platform's SPI classes
     * @param spiVersion the SPI version the platform implements
     */
    public PluginLoader(ClassLoader platformLoader, String spiVersion) {
        this.platformLoader = Objects.requireNonNull(platformLoader, "platformLoader is null");
        this.spiVersion = Objects.requireNonNull(spiVersion, "spiVersion is null");
    }

    /**
     * What loading found.
     *
     * @param components every component of every plugin that loaded
     * @param failures every plugin or provider that was skipped, with the reason
     * @param loaders the class loader of every plugin opened, which keeps its jars open until closed
     */
    public record Result(List<DiscoveredComponent> components, List<PluginFailure> failures,
                         List<PluginClassLoader> loaders) {
        public Result {
            components = List.copyOf(components);
            failures = List.copyOf(failures);
            loaders = List.copyOf(loaders);
        }

        /** What loading found, without the class loaders (nothing to close). */
        public Result(List<DiscoveredComponent> components, List<PluginFailure> failures) {
            this(components, failures, List.of());
        }
    }

    /** Loads every plugin in {@code locations}; locations that do not exist are skipped. */
    public Result load(List<Path> locations) {
        List<DiscoveredComponent> components = new ArrayList<>();
        List<PluginFailure> failures = new ArrayList<>();
        List<PluginClassLoader> loaders = new ArrayList<>();
        for (Path location : locations) {
            if (!Files.isDirectory(location)) {
                continue;
            }
            for (Path plugin : list(location, failures)) {
                loadPlugin(plugin, components, failures, loaders);
            }
        }
        return new Result(components, failures, loaders);
    }

    private static List<Path> list(Path location, List<PluginFailure> failures) {
        try (Stream<Path> entries = Files.list(location)) {
            List<Path> plugins = new ArrayList<>();
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                boolean readme = !name.endsWith(".jar") && !Files.isDirectory(entry)
                        && name.toUpperCase(java.util.Locale.ROOT).startsWith("README");
                if (name.startsWith(".") || readme) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    plugins.add(entry);
                } else if (name.endsWith(".jar")) {
                    Optional<String> kind = notRegular(entry);
                    if (kind.isPresent()) {
                        failures.add(new PluginFailure(entry, "skipped: " + name + " is " + kind.get()
                                + ", not a jar file"));
                    } else {
                        plugins.add(entry);
                    }
                } else {
                    failures.add(new PluginFailure(entry, "skipped: not a jar (plugins are .jar files or folders of "
                            + "jars)"));
                }
            }
            return plugins;
        } catch (IOException e) {
            failures.add(new PluginFailure(location, "cannot list the plugin folder: " + e.getMessage()));
            return List.of();
        }
    }

    /**
     * What {@code file} is when it is not a regular file (after following links): {@code "a FIFO"},
     * {@code "a character device"}, ...; empty for a regular file. Opening a FIFO blocks until someone writes to it,
     * so nothing that is not a regular file is ever opened.
     */
    static Optional<String> notRegular(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.of("unreadable (" + e.getMessage() + ")");
        }
        if (attributes.isRegularFile()) {
            return Optional.empty();
        }
        if (attributes.isDirectory()) {
            return Optional.of("a folder");
        }
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            switch (type) {
                case 0010000:
                    return Optional.of("a FIFO");
                case 0020000:
                    return Optional.of("a character device");
                case 0060000:
                    return Optional.of("a block device");
                case 0140000:
                    return Optional.of("a socket");
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix view: fall through to the generic description
        }
        return Optional.of("not a regular file");
    }

    private void loadPlugin(Path plugin, List<DiscoveredComponent> components, List<PluginFailure> failures,
                            List<PluginClassLoader> loaders) {
        List<Path> jars;
        try {
            jars = jarsOf(plugin);
        } catch (IOException e) {
            failures.add(new PluginFailure(plugin, "cannot list the plugin's jars: " + e.getMessage()));
            return;
        }
        if (jars.isEmpty()) {
            failures.add(new PluginFailure(plugin, "skipped: the folder holds no .jar files"));
            return;
        }
        Optional<String> version = Optional.empty();
        Optional<String> title = Optional.empty();
        Optional<String> olderSpi = Optional.empty();
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            Optional<String> kind = notRegular(jar);
            if (kind.isPresent()) {
                failures.add(new PluginFailure(plugin, "skipped: " + jar.getFileName() + " is " + kind.get()
                        + ", not a jar file"));
                return;
            }
            Manifest manifest;
            try (JarFile file = new JarFile(jar.toFile())) {
                manifest = file.getManifest();
            } catch (IOException | SecurityException e) {
                failures.add(new PluginFailure(plugin, "skipped: " + jar.getFileName()
                        + " is not a valid jar (" + e.getMessage() + ")"));
                return;
            }
            if (manifest != null) {
                Attributes attributes = manifest.getMainAttributes();
                String declared = attributes.getValue(SPI_VERSION_ATTRIBUTE);
                if (declared != null && !declared.trim().equals(spiVersion) && compatibleExceptLayers(declared.trim())) {
                    olderSpi = Optional.of(declared.trim());
                } else if (declared != null && !declared.trim().equals(spiVersion)) {
                    failures.add(new PluginFailure(plugin, "skipped: " + jar.getFileName() + " was built for plugin SPI "
                            + declared.trim() + ", but this platform implements plugin SPI " + spiVersion));
                    return;
                }
                if (version.isEmpty()) {
                    version = Optional.ofNullable(attributes.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
                }
                if (title.isEmpty()) {
                    title = Optional.ofNullable(attributes.getValue(Attributes.Name.IMPLEMENTATION_TITLE));
                }
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                failures.add(new PluginFailure(plugin, "skipped: " + e.getMessage()));
                return;
            }
        }
        PluginClassLoader loader = new PluginClassLoader(plugin.getFileName().toString(), urls, platformLoader);
        loaders.add(loader);
        ComponentOrigin origin = new ComponentOrigin(plugin.toString(), version, title);
        int before = components.size();
        for (ComponentKind kind : ComponentKind.values()) {
            discover(kind, plugin, loader, origin, components, failures,
                    kind == ComponentKind.LAYER ? olderSpi : Optional.empty());
        }
        if (components.size() == before && failures.stream().noneMatch(f -> f.plugin().equals(plugin))) {
            failures.add(new PluginFailure(plugin, "provides no components (no META-INF/services entries for the "
                    + "dev.nn.spi provider interfaces)"));
        }
    }

    private static List<Path> jarsOf(Path plugin) throws IOException {
        if (!Files.isDirectory(plugin)) {
            return List.of(plugin);
        }
        try (Stream<Path> entries = Files.list(plugin)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /**
     * Whether a jar declaring {@code declared} works with this platform for everything but layers: SPI 2 changed
     * only the layer interfaces ({@code Layer}, {@code LayerProvider}, {@code LayerContext}).
     */
    private boolean compatibleExceptLayers(String declared) {
        return declared.equals("1") && spiVersion.equals("2");
    }

    /** @param refusedSpi the older SPI the plugin was built for, when its providers of this kind are refused */
    private void discover(ComponentKind kind, Path plugin, PluginClassLoader loader, ComponentOrigin origin,
                          List<DiscoveredComponent> components, List<PluginFailure> failures,
                          Optional<String> refusedSpi) {
        Iterator<? extends ComponentProvider<?>> providers;
        try (ContextClassLoader ignored = new ContextClassLoader(loader)) {
            providers = ServiceLoader.load(kind.providerType(), loader).iterator();
        }
        String article = "aeiou".indexOf(kind.displayName().charAt(0)) >= 0 ? "an " : "a ";
        for (int errors = 0; errors < MAX_SERVICE_ERRORS; ) {
            ComponentProvider<?> provider;
            // hasNext() loads a provider class, next() runs its static initialiser and constructor: both are guarded.
            Object call = PluginCalls.enter("plugin " + plugin.getFileName(),
                    "loading and constructing its " + kind.displayName() + " providers");
            try (ContextClassLoader ignored = new ContextClassLoader(loader)) {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError | RuntimeException | StackOverflowError
                     | OutOfMemoryError e) {
                errors++;
                ExitRefusedException refused = Guard.refusedExitIn(e);
                failures.add(new PluginFailure(plugin, "skipped " + article + kind.displayName() + " provider: "
                        + (refused != null ? "loading or constructing it called " + refused.call() + "; refused (in "
                                + refused.caller() + ")" : Guard.describe(e)), Optional.of(e)));
                continue;
            } finally {
                PluginCalls.exit(call);
            }
            if (refusedSpi.isPresent()) {
                failures.add(new PluginFailure(plugin, "skipped " + article + kind.displayName() + " provider ("
                        + provider.getClass().getName() + "): it was built for plugin SPI " + refusedSpi.get()
                        + ", but " + kind.displayName() + "s need plugin SPI " + spiVersion
                        + ", which this platform implements; rebuild it against nn-spi " + spiVersion));
                continue;
            }
            Guard guard = new Guard("plugin " + plugin.getFileName() + " (" + provider.getClass().getName() + ")",
                    loader);
            try {
                ComponentProvider<?> guarded = GuardedComponents.wrap(provider, guard);
                if (guarded.name().isBlank()) {
                    failures.add(new PluginFailure(plugin, "skipped " + provider.getClass().getName()
                            + ": its name() is blank"));
                    continue;
                }
                if (guarded.aliases().stream().anyMatch(a -> a == null || a.isBlank())) {
                    failures.add(new PluginFailure(plugin, "skipped " + provider.getClass().getName()
                            + ": one of its aliases() is blank"));
                    continue;
                }
                components.addAll(ComponentDiscovery.entries(kind, guarded, provider.getClass(), origin));
            } catch (PluginException e) {
                failures.add(new PluginFailure(plugin, "skipped: " + e.getMessage(), Optional.of(e)));
            }
        }
    }
}

package dev.nn.it;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars at test time, as a plugin author would: Java sources compiled with the JDK's compiler
 * ({@code javax.tools}) against the distribution's {@code lib/nn-spi-*.jar}, packed with {@code java.util.jar}
 * together with their {@code META-INF/services} files and manifest. Broken plugins are built the same way, then
 * broken on purpose: a class left out of the jar, a class file patched to a newer Java version.
 *
 * <pre>{@code
 * PluginJars.builder()
 *         .source("com.example.CubeProvider", "package com.example; ...")
 *         .service("dev.nn.spi.ActivationProvider", "com.example.CubeProvider")
 *         .write(plugins.resolve("cube.jar"));
 * }</pre>
 */
final class PluginJars {
    /** The attribute the platform reads for the SPI version a jar was built against. */
    static final String SPI_VERSION = "Nn-Spi-Version";
    /** The activation provider interface, as its services file is named. */
    static final String ACTIVATION_PROVIDER = "dev.nn.spi.ActivationProvider";
    /** The loss provider interface, as its services file is named. */
    static final String LOSS_PROVIDER = "dev.nn.spi.LossProvider";

    private PluginJars() {
    }

    /** A new, empty jar description. */
    static Builder builder() {
        return new Builder();
    }

    /** The distribution's nn-spi jar, which holds the SPI (and the tensor) that plugins compile against. */
    static Path spiJar() {
        Path lib = NnProcess.distribution().resolve("lib");
        try (Stream<Path> jars = Files.list(lib)) {
            List<Path> core = jars.filter(p -> p.getFileName().toString().matches("nn-spi-.*\\.jar")).toList();
            assertEquals(1, core.size(), "expected one nn-spi jar in " + lib + " but found " + core);
            return core.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib, e);
        }
    }

    /** The example plugin's jar, built by its own module, from {@code -Dnn.examplePlugin}. */
    static Path examplePlugin() {
        String property = System.getProperty("nn.examplePlugin");
        Path jar = property != null ? Path.of(property)
                : Path.of("../examples/plugins/nn-example-plugin/target/nn-example-plugin-0.1.0-SNAPSHOT.jar");
        jar = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("the example plugin is not built: " + jar + " (run mvn -B -q install -DskipTests at the root)");
        }
        return jar;
    }

    /** Copies the example plugin's jar into {@code folder}, keeping its file name; returns the copy. */
    static Path copyExamplePlugin(Path folder) {
        Path source = examplePlugin();
        try {
            Files.createDirectories(folder);
            return Files.copy(source, folder.resolve(source.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + folder, e);
        }
    }

    /** Writes {@code text} to {@code file}: a file named like a jar that is not one. */
    static Path writeText(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** What goes into one jar. */
    static final class Builder {
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Set<String> left = new LinkedHashSet<>();
        private final List<Path> classpath = new ArrayList<>();
        private final Map<String, List<String>> services = new LinkedHashMap<>();
        private final Map<String, String> manifest = new LinkedHashMap<>();
        private final Map<String, Integer> majorVersions = new LinkedHashMap<>();

        private Builder() {
            manifest.put(SPI_VERSION, "1");
        }

        /** Compiles {@code code}, the source of the top-level class {@code className}, into the jar. */
        Builder source(String className, String code) {
            sources.put(requireNonNull(className, "className is null"), requireNonNull(code, "code is null"));
            return this;
        }

        /**
         * Compiles {@code code} with the jar's sources but leaves the class out of the jar: a class the plugin was
         * built with but does not ship (a missing superclass or helper), or a stub SPI interface from an older
         * platform that the plugin was compiled against.
         */
        Builder compiledButLeftOut(String className, String code) {
            source(className, code);
            left.add(className);
            return this;
        }

        /** Adds {@code jar} to the compilation class path (besides nn-spi); it is not packed into this jar. */
        Builder classpath(Path jar) {
            classpath.add(requireNonNull(jar, "jar is null"));
            return this;
        }

        /** Lists {@code implementations} in {@code META-INF/services/<providerInterface>}. */
        Builder service(String providerInterface, String... implementations) {
            services.computeIfAbsent(providerInterface, k -> new ArrayList<>()).addAll(List.of(implementations));
            return this;
        }

        /**
         * Sets a main manifest attribute; {@value #SPI_VERSION} is {@code 1} unless set here: jars of activations and
         * losses built for SPI 1 load in SPI 2, so most tests exercise that too.
         */
        Builder manifest(String name, String value) {
            manifest.put(name, value);
            return this;
        }

        /** Leaves {@value #SPI_VERSION} out of the manifest, as a jar built without the example pom would. */
        Builder withoutSpiVersion() {
            manifest.remove(SPI_VERSION);
            return this;
        }

        /**
         * Patches the class file of {@code className} (and of its nested classes) to claim class-file major
         * version {@code major} (61 is Java 17, 70 is Java 26), as if it had been compiled for that Java.
         */
        Builder classFileMajorVersion(String className, int major) {
            majorVersions.put(className, major);
            return this;
        }

        /** Compiles the sources and writes the jar to {@code jar} (its folder is created); returns {@code jar}. */
        Path write(Path jar) {
            Path classes = null;
            try {
                classes = Files.createTempDirectory("nn-plugin-classes-");
                compile(classes);
                Files.createDirectories(jar.getParent());
                pack(classes, jar);
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build " + jar, e);
            } finally {
                deleteRecursively(classes);
            }
        }

        private void compile(Path classes) throws IOException {
            if (sources.isEmpty()) {
                return;
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            assertNotNull(compiler, "no Java compiler: the integration tests need a JDK, not a JRE");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files =
                         compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<Path> path = new ArrayList<>();
                path.add(spiJar());
                path.addAll(classpath);
                files.setLocationFromPaths(StandardLocation.CLASS_PATH, path);
                files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
                List<JavaFileObject> units = new ArrayList<>();
                sources.forEach((name, code) -> units.add(new Source(name, code)));
                boolean ok = compiler.getTask(null, files, diagnostics,
                        List.of("--release", "17", "-proc:none", "-Xlint:none", "-nowarn"), null, units).call();
                if (!ok) {
                    fail("cannot compile " + sources.keySet() + ":\n" + diagnostics.getDiagnostics().stream()
                            .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":"
                                    + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("\n")));
                }
            }
        }

        private void pack(Path classes, Path jar) throws IOException {
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.forEach((name, value) -> mf.getMainAttributes().put(new Attributes.Name(name), value));
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, mf)) {
                List<Path> classFiles;
                try (Stream<Path> walk = Files.walk(classes)) {
                    classFiles = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
                }
                for (Path file : classFiles) {
                    String entry = classes.relativize(file).toString()
                            .replace(file.getFileSystem().getSeparator(), "/");
                    String topLevel = entry.substring(0, entry.length() - ".class".length()).replaceFirst("\\$.*", "")
                            .replace('/', '.');
                    if (left.contains(topLevel)) {
                        continue;
                    }
                    byte[] bytes = Files.readAllBytes(file);
                    Integer major = majorVersions.get(topLevel);
                    if (major != null) {
                        bytes[6] = (byte) (major >>> 8);
                        bytes[7] = (byte) (int) major;
                    }
                    jarOut.putNextEntry(new JarEntry(entry));
                    jarOut.write(bytes);
                    jarOut.closeEntry();
                }
                for (Map.Entry<String, List<String>> service : services.entrySet()) {
                    jarOut.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                    jarOut.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                    jarOut.closeEntry();
                }
            }
        }
    }

    private static void deleteRecursively(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans up
        }
    }

    /** A compilation unit held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}

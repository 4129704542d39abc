package dev.nn.it;

import static dev.nn.it.PluginSupport.assertContains;
import static dev.nn.it.PluginSupport.assertNoStderr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin class loading: a plugin folder ships its own library, a plugin's own copy of a class the platform also has
 * wins over the platform's, and the platform's non-SPI classes are out of a plugin's reach.
 *
 * <p>Each plugin here is an activation {@code f(x) = k * x} whose {@code k} comes from the class under test. The
 * spec is one unit with weight 1 and bias 0, one sample {@code x = 1} with target 0, and {@code mse}: the first
 * epoch's loss is exactly {@code k^2}, so the loss says which class answered.
 */
final class PluginIsolationIT {
    private static final String SCALED_ACTIVATION = """
            package com.example;

            import dev.nn.spi.Activation;
            import dev.nn.spi.ActivationProvider;
            import dev.nn.spi.ComponentParameters;
            import dev.nn.spi.ElementwiseActivation;

            public final class %1$s implements ActivationProvider {
                @Override
                public String name() {
                    return "%2$s";
                }

                @Override
                public Activation create(ComponentParameters parameters) {
                    return new ElementwiseActivation() {
                        @Override
                        public double value(double x) {
                            return (%3$s) * x;
                        }

                        @Override
                        public double derivative(double x) {
                            return %3$s;
                        }
                    };
                }
            }
            """;

    private static final String ONE_UNIT = """
            input: 1
            layers:
              - units: 1
                activation: %s
                weights: [[1.0]]
                bias: [0.0]
            loss: mse
            optimizer: {name: sgd, learning_rate: 0.01}
            training: {epochs: 1}
            data: {train: {inputs: [[1.0]], targets: [[0.0]]}}
            """;

    /** A folder plugin: the provider's jar and, beside it, the library jar with the class the provider calls. */
    @Test
    void aPluginFolderShipsItsOwnLibrary(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        Path folder = plugins.resolve("scaled");
        Path library = PluginJars.builder()
                .source("com.example.lib.Scale", """
                        package com.example.lib;

                        public final class Scale {
                            public static double factor() {
                                return 3.0;
                            }
                        }
                        """)
                .write(folder.resolve("scale-lib-1.0.jar"));
        PluginJars.builder()
                .classpath(library)
                .source("com.example.ScaledProvider", SCALED_ACTIVATION.formatted("ScaledProvider", "scaled",
                        "com.example.lib.Scale.factor()"))
                .service(PluginJars.ACTIVATION_PROVIDER, "com.example.ScaledProvider")
                .write(folder.resolve("scaled.jar"));
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.exitCode(), list::describe);
        assertNoStderr(list);
        PluginSupport.assertRow(list, "activation", "scaled", "com.example.ScaledProvider", folder.toString(), "-");

        assertEquals(9.0, firstEpochLoss(work, plugins, "scaled"), "loss of f(x) = 3x at x = 1, target 0");
    }

    /**
     * The plugin bundles its own {@code com.fasterxml.jackson.databind.ObjectMapper}, a stub with a method the real
     * one lacks; the platform itself has Jackson's in {@code lib/}. The plugin's activation calls the stub's method:
     * with the platform's class it would fail with {@code NoSuchMethodError}.
     */
    @Test
    void aPluginsOwnCopyOfAPlatformClassWinsOverThePlatforms(@TempDir Path work) {
        assertPlatformHas("jackson-databind-");
        Path plugins = work.resolve("plugins");
        PluginJars.builder()
                .source("com.fasterxml.jackson.databind.ObjectMapper", """
                        package com.fasterxml.jackson.databind;

                        /** Not Jackson's: a stand-in that only this plugin has. */
                        public class ObjectMapper {
                            public double nnIsolationMarker() {
                                return 7.0;
                            }
                        }
                        """)
                .source("com.example.MarkerProvider", SCALED_ACTIVATION.formatted("MarkerProvider", "marker",
                        "new com.fasterxml.jackson.databind.ObjectMapper().nnIsolationMarker()"))
                .service(PluginJars.ACTIVATION_PROVIDER, "com.example.MarkerProvider")
                .write(plugins.resolve("own-jackson.jar"));

        assertEquals(49.0, firstEpochLoss(work, plugins, "marker"), "loss of f(x) = 7x at x = 1, target 0");
    }

    /**
     * A plugin compiled against a library the platform uses (Guice) but not shipping it does not get the
     * platform's: only the SPI is shared. The failure names the plugin.
     */
    @Test
    void thePlatformsOwnLibrariesAreOutOfAPluginsReach(@TempDir Path work) {
        Path guice = assertPlatformHas("guice-");
        Path plugins = work.resolve("plugins");
        PluginJars.builder()
                .classpath(guice)
                .source("com.example.GuiceUserProvider", SCALED_ACTIVATION.formatted("GuiceUserProvider",
                        "guice_user", "com.google.inject.Guice.class.getName().length()"))
                .service(PluginJars.ACTIVATION_PROVIDER, "com.example.GuiceUserProvider")
                .write(plugins.resolve("guice-user.jar"));
        Path spec = PluginSupport.write(work.resolve("spec.yaml"), ONE_UNIT.formatted("guice_user"));

        NnProcess.Result run = NnProcess.in(work).run("train", spec.toString(), "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "plugin guice-user.jar (com.example.GuiceUserProvider)",
                "java.lang.NoClassDefFoundError: com/google/inject/Guice");
    }

    private static double firstEpochLoss(Path work, Path plugins, String activation) {
        Path spec = PluginSupport.write(work.resolve(activation + ".yaml"), ONE_UNIT.formatted(activation));
        Path metrics = work.resolve(activation + ".metrics.jsonl");
        NnProcess.Result run = NnProcess.in(work).run("train", spec.toString(), "--plugins", plugins.toString(),
                "--metrics", metrics.toString());
        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        List<JsonNode> lines = TrainingOutputs.metrics(metrics);
        assertEquals(1, lines.size(), lines::toString);
        return lines.get(0).get("loss").doubleValue();
    }

    /** The distribution's {@code lib/} jar whose name starts with {@code prefix}. */
    private static Path assertPlatformHas(String prefix) {
        Path lib = NnProcess.distribution().resolve("lib");
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("the platform has no " + prefix + "*.jar in " + lib));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

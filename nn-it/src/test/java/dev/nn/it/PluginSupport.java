package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Plugin sources, specs and assertions shared by the plugin integration tests. */
final class PluginSupport {
    private PluginSupport() {
    }

    /**
     * The source of an element-wise activation provider.
     *
     * @param className the provider's fully qualified name, e.g. {@code com.example.CubeProvider}
     * @param name what a spec writes
     * @param value {@code f(x)}, a Java expression in {@code x}
     * @param derivative {@code f'(x)}, a Java expression in {@code x}
     */
    static String activation(String className, String name, String value, String derivative) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import dev.nn.spi.Activation;
                import dev.nn.spi.ActivationProvider;
                import dev.nn.spi.ComponentParameters;
                import dev.nn.spi.ElementwiseActivation;

                public final class %s implements ActivationProvider {
                    @Override
                    public String name() {
                        return "%s";
                    }

                    @Override
                    public Activation create(ComponentParameters parameters) {
                        return new ElementwiseActivation() {
                            @Override
                            public double value(double x) {
                                return %s;
                            }

                            @Override
                            public double derivative(double x) {
                                return %s;
                            }
                        };
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), name, value, derivative);
    }

    /**
     * A 2-2-1 network that trains for 3 epochs with {@code activation} on its hidden layer and {@code loss}, both
     * as a spec writes them (a name or a mapping).
     */
    static String spec(String activation, String loss) {
        return """
                input: 2
                layers:
                  - units: 2
                    activation: %s
                    weights: [[0.1, 0.2], [0.3, -0.1]]
                  - units: 1
                    weights: [[0.5, -0.5]]
                loss: %s
                optimizer: {name: sgd, learning_rate: 0.1}
                training: {epochs: 3}
                data:
                  train:
                    inputs: [[0.5, 1.0], [1.0, -0.5]]
                    targets: [[1.0], [0.0]]
                """.formatted(activation, loss);
    }

    /** Fails unless {@code nn plugins} printed a row with exactly these columns. */
    static void assertRow(NnProcess.Result run, String kind, String name, String className, String jar,
                          String version) {
        Pattern row = Pattern.compile(Pattern.quote(kind) + " +" + Pattern.quote(name) + " +"
                + Pattern.quote(className) + " +" + Pattern.quote(jar) + " +" + Pattern.quote(version));
        assertTrue(run.stdoutLines().stream().anyMatch(line -> row.matcher(line).matches()),
                "no row '" + String.join(" ", kind, name, className, jar, version) + "'\n" + run.describe());
    }

    /**
     * The lines the platform wrote on stderr, without the JVM's own notices: the launcher runs computing commands
     * with the incubating Vector API, and the JVM then prints "WARNING: Using incubator modules: ...".
     */
    static List<String> platformStderr(NnProcess.Result run) {
        return run.stderrLines().stream().filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList();
    }

    /** Fails unless the platform wrote nothing on stderr (see {@link #platformStderr}). */
    static void assertNoStderr(NnProcess.Result run) {
        assertEquals(List.of(), platformStderr(run), run::describe);
    }

    /** Fails unless {@code text} contains every fragment; the message shows the whole run. */
    static void assertContains(NnProcess.Result run, String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), "expected '" + fragment + "'\n" + run.describe());
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

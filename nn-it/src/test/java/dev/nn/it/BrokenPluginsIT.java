package dev.nn.it;

import static dev.nn.it.PluginSupport.assertContains;
import static dev.nn.it.PluginSupport.assertNoStderr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken plugins, each compiled at test time ({@link PluginJars}) and dropped into a temporary plugin folder beside
 * the example plugin: the warning names the jar and the reason, the example plugin still loads, and a spec that
 * needs the broken component fails with exit 2 (or 1 when the plugin fails only while training), naming the
 * plugin.
 */
final class BrokenPluginsIT {
    private static final String ACTIVATION = PluginJars.ACTIVATION_PROVIDER;
    private static final String HUBER = "{name: huber, delta: 0.5}";

    // ------------------------------------------------------------------------------------------------------
    // Plugins that cannot be loaded: skipped with a warning, the others load.
    // ------------------------------------------------------------------------------------------------------

    @Test
    void aFileThatIsNotAJarIsSkipped(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        notAJar(plugins);
        assertSkipped(work, "broken.jar", "broken", "skipped: broken.jar is not a valid jar (");
    }

    @Test
    void aServicesEntryNamingAMissingClassSkipsOnlyThatProvider(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        missingClass(plugins);
        NnProcess.Result run = assertSkipped(work, "missing-class.jar", "missing",
                "skipped an activation provider: java.util.ServiceConfigurationError: dev.nn.spi.ActivationProvider: "
                        + "Provider com.example.Missing not found");
        PluginSupport.assertRow(run, "activation", "half", "com.example.HalfProvider",
                plugins.resolve("missing-class.jar").toString(), "-");
    }

    @Test
    void aProviderWhoseConstructorThrowsIsSkipped(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        throwingConstructor(plugins);
        assertSkipped(work, "throwing-constructor.jar", "throwing",
                "Provider com.example.ThrowingProvider could not be instantiated",
                "java.lang.IllegalStateException: no licence for this activation");
    }

    @Test
    void aClassCompiledForANewerJavaIsSkipped(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        newerJava(plugins);
        assertSkipped(work, "future.jar", "future",
                "skipped an activation provider: java.lang.UnsupportedClassVersionError: com/example/FutureProvider",
                "class file version 70.0");
    }

    @Test
    void aProviderWithABlankNameIsSkipped(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        blankName(plugins);
        assertSkipped(work, "blank-name.jar", "blank", "skipped com.example.BlankProvider: its name() is blank");
    }

    @Test
    void aProviderWhoseSuperclassIsMissingIsSkipped(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        missingSuperclass(plugins);
        assertSkipped(work, "orphan.jar", "orphan",
                "skipped an activation provider: java.lang.NoClassDefFoundError: com/example/BaseProvider");
    }

    @Test
    void aJarBuiltForAnotherSpiVersionIsRefusedNamingBothVersions(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        spiVersion3(plugins);
        assertSkipped(work, "spi3.jar", "next_gen",
                "skipped: spi3.jar was built for plugin SPI 3, but this platform implements plugin SPI 2");
    }

    /**
     * SPI 2 changed only the layer interfaces: a jar built for SPI 1 keeps its activations (they train), while its
     * layer provider is refused naming both versions.
     */
    @Test
    void aJarBuiltForSpiOneKeepsItsActivationsButItsLayersAreRefused(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.builder()
                .source("com.example.OldActivationProvider",
                        PluginSupport.activation("com.example.OldActivationProvider", "old_tanh", "Math.tanh(x)",
                                "1 - Math.tanh(x) * Math.tanh(x)"))
                .source("com.example.OldLayerProvider", """
                        package com.example;

                        import dev.nn.spi.Layer;
                        import dev.nn.spi.LayerContext;
                        import dev.nn.spi.LayerProvider;

                        public final class OldLayerProvider implements LayerProvider {
                            @Override
                            public String name() {
                                return "old_layer";
                            }

                            @Override
                            public Layer create(LayerContext context) {
                                throw new IllegalStateException("never called");
                            }
                        }
                        """)
                .service(ACTIVATION, "com.example.OldActivationProvider")
                .service("dev.nn.spi.LayerProvider", "com.example.OldLayerProvider")
                .manifest(PluginJars.SPI_VERSION, "1")
                .write(plugins.resolve("spi1.jar"));
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());

        assertEquals(0, list.exitCode(), list::describe);
        List<String> stderr = PluginSupport.platformStderr(list);
        assertEquals(1, stderr.size(), list::describe);
        assertContains(list, stderr.get(0), "warning: plugin spi1.jar: ",
                "skipped a layer provider (com.example.OldLayerProvider): it was built for plugin SPI 1, but layers "
                        + "need plugin SPI 2, which this platform implements");
        assertTrue(Pattern.compile("(?m)^activation +old_tanh ").matcher(list.stdout()).find(), list::describe);
        assertFalse(Pattern.compile("(?m)^layer +old_layer ").matcher(list.stdout()).find(), list::describe);

        NnProcess.Result train = train(work, plugins, "old_tanh", HUBER);
        assertEquals(0, train.exitCode(), train::describe);
    }

    /**
     * A layer plugin built for SPI 2 loads through its own class loader, is built from the spec's options, trains
     * and saves; its backward here is off by a factor of two, which nn train names before training and nn plugins
     * verify fails, with default options and with --with.
     */
    @Test
    void aPluginLayerWithAWrongGradientTrainsWithAWarningNamingIt(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.builder()
                .source("com.example.GainProvider", """
                        package com.example;

                        import dev.nn.spi.ForwardContext;
                        import dev.nn.spi.Layer;
                        import dev.nn.spi.LayerContext;
                        import dev.nn.spi.LayerProvider;
                        import dev.nn.spi.Parameter;
                        import dev.nn.tensor.Tensor;
                        import java.util.List;

                        public final class GainProvider implements LayerProvider {
                            @Override
                            public String name() {
                                return "gain";
                            }

                            @Override
                            public Layer create(LayerContext context) {
                                int n = context.inputSize();
                                double gain = context.options().getDouble("gain", 1.0);
                                return new Layer() {
                                    private Tensor out;

                                    public int inputSize() { return n; }
                                    public int outputSize() { return n; }
                                    public List<Parameter> parameters() { return List.of(); }

                                    public Tensor forward(Tensor x, ForwardContext c) {
                                        out = x.copy();
                                        for (int i = 0; i < out.size(); i++) {
                                            out.data()[i] *= gain;
                                        }
                                        return out;
                                    }

                                    public Tensor backward(Tensor g, boolean inputGradientNeeded) {
                                        Tensor d = g.copy();
                                        for (int i = 0; i < d.size(); i++) {
                                            d.data()[i] *= 2 * gain; // wrong: should be gain
                                        }
                                        return d;
                                    }
                                };
                            }
                        }
                        """)
                .service("dev.nn.spi.LayerProvider", "com.example.GainProvider")
                .manifest(PluginJars.SPI_VERSION, "2")
                .write(plugins.resolve("gain.jar"));
        Path spec = PluginSupport.write(work.resolve("gain.yaml"), """
                input: 2
                layers:
                  - units: 2
                    activation: tanh
                    weights: [[0.1, 0.2], [0.3, -0.1]]
                  - {type: gain, gain: 0.5}
                  - units: 1
                    weights: [[0.5, -0.5]]
                loss: mse
                optimizer: {name: sgd, learning_rate: 0.1}
                training: {epochs: 3}
                data:
                  train:
                    inputs: [[0.5, 1.0], [1.0, -0.5]]
                    targets: [[1.0], [0.0]]
                """);

        NnProcess.Result train = NnProcess.in(work).run("train", spec.toString(), "--plugins", plugins.toString(),
                "--save", work.resolve("model.yaml").toString());

        assertEquals(0, train.exitCode(), train::describe);
        List<String> stderr = PluginSupport.platformStderr(train);
        assertEquals(1, stderr.size(), train::describe);
        assertContains(train, stderr.get(0), "warning: ", "gain.yaml:6:6: layers[1].type: ", "layer 'gain'",
                "fails the gradient check: training mode: input element", "training would follow a wrong gradient");
        assertTrue(Files.isRegularFile(work.resolve("model.yaml")), train::describe);

        NnProcess.Result verify = NnProcess.in(work).run("plugins", "verify", "--plugins", plugins.toString());
        NnProcess.Result halved = NnProcess.in(work).run("plugins", "verify", "--plugins", plugins.toString(),
                "--with", "gain:gain=0.5");

        assertEquals(1, verify.exitCode(), verify::describe);
        assertTrue(verify.stdoutLines().stream().anyMatch(line -> line.matches(
                "layer +gain +\\S*gain\\.jar +\\S+ +FAIL: training mode: input element .*")), verify::describe);
        assertTrue(verify.stdoutLines().stream().anyMatch(line -> line.matches("layer +dense\\{units=3} .* pass")),
                verify::describe);
        assertEquals(1, halved.exitCode(), halved::describe);
        assertTrue(halved.stdout().contains("gain{gain=0.5}"), halved::describe);
    }

    /** Every broken jar at once: one warning each, and the example plugin still trains to its golden values. */
    @Test
    void everyBrokenPluginTogetherLeavesTheGoodOnesWorking(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        List<String> broken = List.of(notAJar(plugins), missingClass(plugins), throwingConstructor(plugins),
                newerJava(plugins), blankName(plugins), missingSuperclass(plugins), spiVersion3(plugins));
        lazyClassInCreate(plugins);
        lazyClassInForward(plugins);
        olderSpiWithoutCreate(plugins);
        olderSpiWithoutBackward(plugins);
        wrongDerivative(plugins);
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());

        assertEquals(0, list.exitCode(), list::describe);
        List<String> warnings = PluginSupport.platformStderr(list);
        for (String jar : broken) {
            assertTrue(warnings.stream().anyMatch(line -> line.startsWith("warning: plugin " + jar + ": ")),
                    "no warning for " + jar + "\n" + list.describe());
        }
        assertTrue(warnings.stream().allMatch(line -> line.startsWith("warning: plugin ")), list::describe);
        for (String name : List.of("swish", "softplus", "huber", "half", "lazy_create", "lazy_forward", "old_create",
                "old_backward", "bad_tanh")) {
            assertTrue(Pattern.compile("(?m)^(activation|loss) +" + name + " ").matcher(list.stdout()).find(),
                    name + " is not listed\n" + list.describe());
        }

        NnProcess.Result train = NnProcess.in(NnProcess.testResources("golden-plugin"))
                .run("train", "swish_huber.yaml", "--plugins", plugins.toString());
        assertEquals(0, train.exitCode(), train::describe);
        GoldenValues golden = GoldenValues.read(
                NnProcess.testResources("golden-plugin").resolve("swish_huber.expected.json"));
        double last = golden.epochs().get(golden.epochs().size() - 1).loss();
        Matcher epoch30 = Pattern.compile("(?m)^epoch 30/30 +loss (\\S+)  \\d+\\.\\d+ s$").matcher(train.stdout());
        assertTrue(epoch30.find(), train::describe);
        Tolerance.assertClose(last, Double.parseDouble(epoch30.group(1)), 1e-8, "epoch 30 loss as printed");
    }

    // ------------------------------------------------------------------------------------------------------
    // Plugins that load but fail when used: the error names the plugin.
    // ------------------------------------------------------------------------------------------------------

    @Test
    void aClassUsedOnlyInCreateFailsWhenTheSpecNeedsItNamingThePlugin(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        lazyClassInCreate(plugins);
        PluginJars.copyExamplePlugin(plugins);
        assertLoadsWithoutWarnings(work, plugins, "lazy_create");

        NnProcess.Result run = train(work, plugins, "lazy_create", HUBER);

        assertEquals(2, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "layers[0].activation",
                "plugin lazy-create.jar (com.example.LazyCreateProvider): 'lazy_create' create() failed: "
                        + "java.lang.NoClassDefFoundError: com/example/Helper");
        assertFalse(run.stderr().contains("\tat "), run::describe);
    }

    @Test
    void aClassUsedOnlyInForwardFailsDuringTrainingNamingThePlugin(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        lazyClassInForward(plugins);
        PluginJars.copyExamplePlugin(plugins);
        assertLoadsWithoutWarnings(work, plugins, "lazy_forward");

        NnProcess.Result run = train(work, plugins, "lazy_forward", HUBER);

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: plugin lazy-forward.jar (com.example.LazyForwardProvider): "
                + "activation 'lazy_forward' forward failed: java.lang.NoClassDefFoundError: com/example/Helper");
        assertFalse(run.stderr().contains("\tat "), run::describe);
    }

    @Test
    void aProviderBuiltAgainstAnOlderSpiWithoutCreateFailsNamingThePlugin(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        olderSpiWithoutCreate(plugins);
        PluginJars.copyExamplePlugin(plugins);
        assertLoadsWithoutWarnings(work, plugins, "old_create");

        NnProcess.Result run = train(work, plugins, "old_create", HUBER);

        assertEquals(2, run.exitCode(), run::describe);
        assertContains(run, run.stderr(),
                "plugin old-spi-create.jar (com.example.OldCreateProvider): 'old_create' create() failed: "
                        + "java.lang.AbstractMethodError");
    }

    @Test
    void anActivationBuiltAgainstAnOlderSpiWithoutBackwardFailsDuringTrainingNamingThePlugin(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        olderSpiWithoutBackward(plugins);
        PluginJars.copyExamplePlugin(plugins);
        assertLoadsWithoutWarnings(work, plugins, "old_backward");

        NnProcess.Result run = train(work, plugins, "old_backward", HUBER);

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: plugin old-spi-backward.jar (com.example.OldBackwardProvider): "
                + "activation 'old_backward' backward failed: java.lang.AbstractMethodError");
    }

    @Test
    void aWrongDerivativeFailsVerifyNamingTheComponentAndItsJar(@TempDir Path plugins) {
        wrongDerivative(plugins);
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result run = NnProcess.in(plugins).run("plugins", "verify", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        String jar = Pattern.quote(plugins.resolve("wrong-derivative.jar").toString());
        Pattern failed = Pattern.compile("activation +bad_tanh +" + jar + " +\\S+ +FAIL: .*analytic .*numeric .*");
        assertTrue(run.stdoutLines().stream().anyMatch(line -> failed.matcher(line).matches()), run::describe);
        for (String good : List.of("swish", "softplus", "huber", "relu")) {
            assertTrue(Pattern.compile("(?m)^\\w+ +" + good + " +.* pass$").matcher(run.stdout()).find(),
                    good + " should pass\n" + run.describe());
        }
        assertTrue(Pattern.compile("(?m)^(\\d+) of (\\d+) components passed").matcher(run.stdout()).find(),
                run::describe);
        assertFalse(run.stdout().contains(" 0 of "), run::describe);
    }

    // ------------------------------------------------------------------------------------------------------
    // Name collisions: an error for the specs that use the name, flagged by nn plugins.
    // ------------------------------------------------------------------------------------------------------

    @Test
    void aPluginRedefiningABuiltInNameFailsOnlyTheSpecsThatUseItNamingBoth(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.builder()
                .source("com.example.MyReluProvider", PluginSupport.activation("com.example.MyReluProvider", "relu",
                        "Math.max(0, x)", "x > 0 ? 1 : 0"))
                .service(ACTIVATION, "com.example.MyReluProvider")
                .write(plugins.resolve("my-relu.jar"));
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.exitCode(), list::describe);
        assertTrue(Pattern.compile("(?m)^activation +relu +dev\\.nn\\.activations\\.ReluProvider .*  CLASH$")
                .matcher(list.stdout()).find(), list::describe);
        assertTrue(Pattern.compile("(?m)^activation +relu +com\\.example\\.MyReluProvider .*  CLASH$")
                .matcher(list.stdout()).find(), list::describe);
        assertTrue(Pattern.compile("(?m)^activation +swish +.*[^H]$").matcher(list.stdout()).find(), list::describe);
        assertContains(list, list.stderr(), "warning: activation 'relu' is provided twice: by ",
                "com.example.MyReluProvider (" + plugins.resolve("my-relu.jar") + ")");

        PluginSupport.write(work.resolve("relu.yaml"), PluginSupport.spec("relu", "mse"));
        NnProcess.Result relu = NnProcess.in(work).run("train", "relu.yaml", "--plugins", plugins.toString());
        assertEquals(2, relu.exitCode(), relu::describe);
        List<String> errors = PluginSupport.platformStderr(relu).stream()
                .filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), relu::describe);
        assertContains(relu, errors.get(0), "relu.yaml:4:", "layers[0].activation: activation 'relu' is provided "
                        + "twice: by ", "dev.nn.activations.ReluProvider (built-in",
                "com.example.MyReluProvider (" + plugins.resolve("my-relu.jar") + ")");

        PluginSupport.write(work.resolve("swish.yaml"), PluginSupport.spec("swish", "mse"));
        NnProcess.Result swish = NnProcess.in(work).run("train", "swish.yaml", "--plugins", plugins.toString());
        assertEquals(0, swish.exitCode(), swish::describe);
    }

    @Test
    void twoPluginsWithTheSameNameFailOnlyTheSpecsThatUseItNamingBothJars(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        for (String side : List.of("A", "B")) {
            String type = "com.example.Twin" + side + "Provider";
            PluginJars.builder().source(type, PluginSupport.activation(type, "twin", "x", "1"))
                    .service(ACTIVATION, type)
                    .write(plugins.resolve("twin-" + side.toLowerCase(Locale.ROOT) + ".jar"));
        }

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.exitCode(), list::describe);
        assertContains(list, list.stderr(), "warning: activation 'twin' is provided twice: by ",
                "com.example.TwinAProvider (" + plugins.resolve("twin-a.jar") + ")",
                "com.example.TwinBProvider (" + plugins.resolve("twin-b.jar") + ")");

        NnProcess.Result train = train(work, plugins, "twin", "mse");
        assertEquals(2, train.exitCode(), train::describe);
        assertContains(train, train.stderr(), "activation 'twin' is provided twice: by ",
                "com.example.TwinAProvider (" + plugins.resolve("twin-a.jar") + ")",
                "com.example.TwinBProvider (" + plugins.resolve("twin-b.jar") + ")");
        NnProcess.Result tanh = train(work, plugins, "tanh", "mse");
        assertEquals(0, tanh.exitCode(), tanh::describe);
    }

    // ------------------------------------------------------------------------------------------------------
    // The broken jars. Each method writes one into the folder and returns its file name.
    // ------------------------------------------------------------------------------------------------------

    private static String notAJar(Path plugins) {
        PluginJars.writeText(plugins.resolve("broken.jar"), "This is a text file that someone named broken.jar.\n");
        return "broken.jar";
    }

    /** Lists {@code com.example.Missing}, which is not in the jar, before the good {@code half}. */
    private static String missingClass(Path plugins) {
        PluginJars.builder()
                .source("com.example.HalfProvider",
                        PluginSupport.activation("com.example.HalfProvider", "half", "x / 2", "0.5"))
                .service(ACTIVATION, "com.example.Missing", "com.example.HalfProvider")
                .write(plugins.resolve("missing-class.jar"));
        return "missing-class.jar";
    }

    private static String throwingConstructor(Path plugins) {
        String source = PluginSupport.activation("com.example.ThrowingProvider", "throwing", "x", "1")
                .replace("public final class ThrowingProvider implements ActivationProvider {", """
                        public final class ThrowingProvider implements ActivationProvider {
                            public ThrowingProvider() {
                                throw new IllegalStateException("no licence for this activation");
                            }
                        """);
        PluginJars.builder().source("com.example.ThrowingProvider", source)
                .service(ACTIVATION, "com.example.ThrowingProvider")
                .write(plugins.resolve("throwing-constructor.jar"));
        return "throwing-constructor.jar";
    }

    /** Class-file major version 70 (Java 26), which Java 17 (61) cannot load. */
    private static String newerJava(Path plugins) {
        PluginJars.builder()
                .source("com.example.FutureProvider",
                        PluginSupport.activation("com.example.FutureProvider", "future", "x", "1"))
                .classFileMajorVersion("com.example.FutureProvider", 70)
                .service(ACTIVATION, "com.example.FutureProvider")
                .write(plugins.resolve("future.jar"));
        return "future.jar";
    }

    private static String blankName(Path plugins) {
        PluginJars.builder()
                .source("com.example.BlankProvider",
                        PluginSupport.activation("com.example.BlankProvider", "  ", "x", "1"))
                .service(ACTIVATION, "com.example.BlankProvider")
                .write(plugins.resolve("blank-name.jar"));
        return "blank-name.jar";
    }

    /** The provider extends {@code com.example.BaseProvider}, which was compiled but not packed. */
    private static String missingSuperclass(Path plugins) {
        PluginJars.builder()
                .compiledButLeftOut("com.example.BaseProvider", """
                        package com.example;

                        public abstract class BaseProvider implements dev.nn.spi.ActivationProvider {
                            @Override
                            public String name() {
                                return "orphan";
                            }
                        }
                        """)
                .source("com.example.OrphanProvider", """
                        package com.example;

                        import dev.nn.spi.Activation;
                        import dev.nn.spi.ComponentParameters;
                        import dev.nn.spi.ElementwiseActivation;

                        public final class OrphanProvider extends BaseProvider {
                            @Override
                            public Activation create(ComponentParameters parameters) {
                                return new ElementwiseActivation() {
                                    @Override
                                    public double value(double x) {
                                        return x;
                                    }

                                    @Override
                                    public double derivative(double x) {
                                        return 1;
                                    }
                                };
                            }
                        }
                        """)
                .service(ACTIVATION, "com.example.OrphanProvider")
                .write(plugins.resolve("orphan.jar"));
        return "orphan.jar";
    }

    private static String spiVersion3(Path plugins) {
        PluginJars.builder()
                .source("com.example.NextGenProvider",
                        PluginSupport.activation("com.example.NextGenProvider", "next_gen", "x", "1"))
                .service(ACTIVATION, "com.example.NextGenProvider")
                .manifest(PluginJars.SPI_VERSION, "3")
                .write(plugins.resolve("spi3.jar"));
        return "spi3.jar";
    }

    /** {@code create()} calls {@code com.example.Helper}, which was compiled but not packed. */
    private static void lazyClassInCreate(Path plugins) {
        String source = PluginSupport.activation("com.example.LazyCreateProvider", "lazy_create", "x", "1")
                .replace("return new ElementwiseActivation() {",
                        "double unused = Helper.scale();\n        return new ElementwiseActivation() {");
        PluginJars.builder()
                .compiledButLeftOut("com.example.Helper", helper())
                .source("com.example.LazyCreateProvider", source)
                .service(ACTIVATION, "com.example.LazyCreateProvider")
                .write(plugins.resolve("lazy-create.jar"));
    }

    /** The activation's {@code value} calls {@code com.example.Helper}, which was compiled but not packed. */
    private static void lazyClassInForward(Path plugins) {
        PluginJars.builder()
                .compiledButLeftOut("com.example.Helper", helper())
                .source("com.example.LazyForwardProvider", PluginSupport.activation(
                        "com.example.LazyForwardProvider", "lazy_forward", "Helper.scale() * x", "Helper.scale()"))
                .service(ACTIVATION, "com.example.LazyForwardProvider")
                .write(plugins.resolve("lazy-forward.jar"));
    }

    private static String helper() {
        return """
                package com.example;

                public final class Helper {
                    public static double scale() {
                        return 2.0;
                    }
                }
                """;
    }

    /**
     * Compiled against an older {@code ActivationProvider} that had only {@code name()} (a stub, left out of the
     * jar), so the provider has no {@code create}: calling it throws {@code AbstractMethodError}.
     */
    private static void olderSpiWithoutCreate(Path plugins) {
        PluginJars.builder()
                .compiledButLeftOut("dev.nn.spi.ActivationProvider", """
                        package dev.nn.spi;

                        public interface ActivationProvider {
                            String name();
                        }
                        """)
                .source("com.example.OldCreateProvider", """
                        package com.example;

                        public final class OldCreateProvider implements dev.nn.spi.ActivationProvider {
                            @Override
                            public String name() {
                                return "old_create";
                            }
                        }
                        """)
                .service(ACTIVATION, "com.example.OldCreateProvider")
                .write(plugins.resolve("old-spi-create.jar"));
    }

    /**
     * The activation was compiled against an older {@code Activation} that had only {@code forward} (a stub, left
     * out of the jar): the forward pass works, the backward pass throws {@code AbstractMethodError}.
     */
    private static void olderSpiWithoutBackward(Path plugins) {
        PluginJars.builder()
                .compiledButLeftOut("dev.nn.spi.Activation", """
                        package dev.nn.spi;

                        public interface Activation {
                            void forward(dev.nn.tensor.Tensor input, dev.nn.tensor.Tensor output);
                        }
                        """)
                .source("com.example.OldBackwardProvider", """
                        package com.example;

                        import dev.nn.spi.Activation;
                        import dev.nn.spi.ActivationProvider;
                        import dev.nn.spi.ComponentParameters;
                        import dev.nn.tensor.Tensor;

                        public final class OldBackwardProvider implements ActivationProvider {
                            @Override
                            public String name() {
                                return "old_backward";
                            }

                            @Override
                            public Activation create(ComponentParameters parameters) {
                                return new Activation() {
                                    @Override
                                    public void forward(Tensor input, Tensor output) {
                                        output.copyFromInPlace(input);
                                    }
                                };
                            }
                        }
                        """)
                .service(ACTIVATION, "com.example.OldBackwardProvider")
                .write(plugins.resolve("old-spi-backward.jar"));
    }

    /** tanh whose derivative forgets the square. */
    private static void wrongDerivative(Path plugins) {
        PluginJars.builder()
                .source("com.example.BadTanhProvider", PluginSupport.activation("com.example.BadTanhProvider",
                        "bad_tanh", "Math.tanh(x)", "1 - Math.tanh(x)"))
                .service(ACTIVATION, "com.example.BadTanhProvider")
                .write(plugins.resolve("wrong-derivative.jar"));
    }

    // ------------------------------------------------------------------------------------------------------

    /**
     * With the broken {@code jar} beside the example plugin: {@code nn plugins} warns naming the jar and the reason
     * and still lists the example plugin; training a spec that names {@code component} fails with exit 2, naming
     * the skipped jar as where the component may be.
     */
    private static NnProcess.Result assertSkipped(Path work, String jar, String component, String... reason) {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());

        assertEquals(0, list.exitCode(), list::describe);
        List<String> stderr = PluginSupport.platformStderr(list);
        String warning = stderr.stream().filter(line -> line.startsWith("warning: plugin " + jar + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no warning for " + jar + "\n" + list.describe()));
        assertContains(list, warning, reason);
        assertEquals(1, stderr.size(), "one line per skipped plugin or provider\n" + list.describe());
        for (String name : List.of("swish", "softplus", "huber")) {
            assertTrue(Pattern.compile("(?m)^(activation|loss) +" + name + " +dev\\.nn\\.examples\\.").matcher(
                    list.stdout()).find(), "the example plugin's " + name + " is not listed\n" + list.describe());
        }
        assertFalse(Pattern.compile("(?m)^activation +" + component + " ").matcher(list.stdout()).find(),
                list::describe);

        NnProcess.Result train = train(work, plugins, component, HUBER);
        assertEquals(2, train.exitCode(), train::describe);
        assertContains(train, train.stderr(), "warning: plugin " + jar + ": ",
                "unknown activation '" + component + "'", "it may be in a plugin that failed to load: " + jar + ": ");
        assertFalse(train.stderr().contains("\tat "), train::describe);
        return list;
    }

    private static void assertLoadsWithoutWarnings(Path work, Path plugins, String component) {
        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.exitCode(), list::describe);
        assertNoStderr(list);
        assertTrue(Pattern.compile("(?m)^activation +" + component + " +com\\.example\\.").matcher(list.stdout())
                .find(), list::describe);
    }

    /** {@code nn train} on {@link PluginSupport#spec} with {@code activation} and {@code loss}. */
    private static NnProcess.Result train(Path work, Path plugins, String activation, String loss) {
        Path spec = PluginSupport.write(work.resolve("spec-" + activation + ".yaml"),
                PluginSupport.spec(activation, loss));
        return NnProcess.in(work).run("train", spec.toString(), "--plugins", plugins.toString());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}

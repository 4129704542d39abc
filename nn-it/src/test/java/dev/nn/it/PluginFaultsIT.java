package dev.nn.it;

import static dev.nn.it.PluginSupport.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults inside plugin code are contained and named: a plugin that calls {@code System.exit} or
 * {@code Runtime.halt}, hangs, overflows the stack, runs out of memory, computes NaN, has a wrong derivative, is
 * installed twice, or is not a regular file. Each plugin is compiled at test time ({@link PluginJars}) and used
 * through the packaged CLI, as a user would.
 */
final class PluginFaultsIT {
    private static final String ACTIVATION = PluginJars.ACTIVATION_PROVIDER;

    /**
     * An activation provider: {@code members} go into the provider class (a constructor, a static field),
     * {@code create} runs at the start of {@code create()}, and {@code value} and {@code derivative} are method
     * bodies in {@code x}.
     */
    private static String activation(String className, String name, String members, String create, String value,
                                     String derivative) {
        return activation(className, name, members, create, value, derivative, "");
    }

    /** {@link #activation(String, String, String, String, String, String)} with {@code inner} members in the
     * activation class (a method override, a helper method). */
    private static String activation(String className, String name, String members, String create, String value,
                                     String derivative, String inner) {
        return """
                package com.example;

                import dev.nn.spi.Activation;
                import dev.nn.spi.ActivationProvider;
                import dev.nn.spi.ComponentParameters;
                import dev.nn.spi.ElementwiseActivation;

                public final class %1$s implements ActivationProvider {
                    %3$s

                    @Override
                    public String name() {
                        return "%2$s";
                    }

                    @Override
                    public Activation create(ComponentParameters parameters) {
                        %4$s
                        return new ElementwiseActivation() {
                            %7$s

                            @Override
                            public double value(double x) {
                                %5$s
                            }

                            @Override
                            public double derivative(double x) {
                                %6$s
                            }
                        };
                    }
                }
                """.formatted(className, name, members, create, value, derivative, inner);
    }

    /**
     * A {@code forward} override that runs {@code statement} on the third training batch: the 2 x 1 batches of
     * {@link #outputSpec}'s output layer, a shape the derivative check (run before training) never uses; so two
     * epochs finish first.
     */
    private static String onThirdTrainingBatch(String statement) {
        return """
                            @Override
                            public void forward(dev.nn.tensor.Tensor input, dev.nn.tensor.Tensor output) {
                                if (input.rows() == 2 && input.columns() == 1 && ++batches == 3) {
                                    %s
                                }
                                ElementwiseActivation.super.forward(input, output);
                            }
                """.formatted(statement);
    }

    private static Path plugin(Path plugins, String jar, String className, String source) {
        return PluginJars.builder().source("com.example." + className, source)
                .service(ACTIVATION, "com.example." + className)
                .write(plugins.resolve(jar));
    }

    /** A 2-2-1 network with {@code activation} on its output layer, 5 epochs of one batch, and mse. */
    private static String outputSpec(String activation) {
        return """
                input: 2
                layers:
                  - units: 2
                    activation: tanh
                    weights: [[0.1, 0.2], [0.3, -0.1]]
                  - units: 1
                    activation: %s
                    weights: [[0.5, -0.5]]
                loss: mse
                optimizer: {name: sgd, learning_rate: 0.1}
                training: {epochs: 5}
                data:
                  train:
                    inputs: [[0.5, 1.0], [1.0, -0.5]]
                    targets: [[1.0], [0.0]]
                """.formatted(activation);
    }

    // ------------------------------------------------------------------------------------------------------
    // System.exit and Runtime.halt in plugin code
    // ------------------------------------------------------------------------------------------------------

    @Test
    void anExitInForwardIsRefusedNamingThePluginAndTheFilesBeingWrittenStayIntact(@TempDir Path work)
            throws IOException {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "exit-forward.jar", "ExitForwardProvider", activation("ExitForwardProvider", "exit_forward",
                "static int batches;", "", "return x;", "return 1;", onThirdTrainingBatch("System.exit(3);")));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("exit_forward"));
        String previousModel = "# a model saved before; it must survive\n";
        Files.writeString(work.resolve("model.yaml"), previousModel);

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString(),
                "--metrics", "m.jsonl", "--save", "model.yaml", "--progress", "lines");

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: plugin exit-forward.jar (com.example.ExitForwardProvider): "
                + "activation 'exit_forward' forward called System.exit(3); refused (in "
                + "com.example.ExitForwardProvider$1.forward)");
        assertFalse(run.stderr().contains("\tat "), run::describe);
        assertEquals(previousModel, Files.readString(work.resolve("model.yaml"), StandardCharsets.UTF_8));
        assertCompleteMetrics(work.resolve("m.jsonl"), run);
    }

    @Test
    void aHaltInCreateIsRefusedAsAProblemOfTheSpec(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "halt-create.jar", "HaltCreateProvider", activation("HaltCreateProvider", "halt_create", "",
                "Runtime.getRuntime().halt(3);", "return x;", "return 1;"));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("halt_create"));

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString());

        assertEquals(2, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "layers[1].activation: plugin halt-create.jar "
                + "(com.example.HaltCreateProvider): 'halt_create' create() called Runtime.halt(3); refused (in "
                + "com.example.HaltCreateProvider.create)");
    }

    @Test
    void anExitThroughAMethodReferenceIsRefusedToo(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "exit-reference.jar", "ExitReferenceProvider", activation("ExitReferenceProvider",
                "exit_reference", "", "", "java.util.function.IntConsumer exit = System::exit; exit.accept(4); "
                        + "return x;", "return 1;"));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("exit_reference"));

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "activation 'exit_reference' forward called System.exit(4); refused");
    }

    @Test
    void aProviderWhoseConstructorExitsIsSkippedAndCommandsThatDoNotUseItRun(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "exit-constructor.jar", "ExitConstructorProvider", activation("ExitConstructorProvider",
                "exit_constructor", "public ExitConstructorProvider() { System.exit(3); }", "", "return x;",
                "return 1;"));
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());

        assertEquals(0, list.exitCode(), list::describe);
        assertContains(list, list.stderr(), "warning: plugin exit-constructor.jar: skipped an activation provider: "
                + "loading or constructing it called System.exit(3); refused (in "
                + "com.example.ExitConstructorProvider.<init>)");
        assertTrue(Pattern.compile("(?m)^activation +swish +dev\\.nn\\.examples\\.").matcher(list.stdout()).find(),
                list::describe);

        PluginSupport.write(work.resolve("swish.yaml"), outputSpec("swish"));
        NnProcess.Result swish = NnProcess.in(work).run("train", "swish.yaml", "--plugins", plugins.toString());
        assertEquals(0, swish.exitCode(), swish::describe);
        assertTrue(swish.stdout().contains("trained swish (2-2-1) for 5 epochs"), swish::describe);
    }

    /** Reflection passes the rewriting: the exit happens, and the shutdown hook names the plugin and the call. */
    @Test
    void anExitByReflectionIsNamedAsItHappens(@TempDir Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "reflect-exit.jar", "ReflectExitProvider", activation("ReflectExitProvider", "reflect_exit",
                "static int batches;", "", "return x;", "return 1;", onThirdTrainingBatch("""
                        try {
                            System.class.getMethod("exit", int.class).invoke(null, 3);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }""")));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("reflect_exit"));
        String previousModel = "# a model saved before; it must survive\n";
        Files.writeString(work.resolve("model.yaml"), previousModel);

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString(),
                "--metrics", "m.jsonl", "--save", "model.yaml", "--progress", "lines");

        assertEquals(3, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "nn: exit called from outside nn's control by plugin reflect-exit.jar "
                + "(com.example.ReflectExitProvider$1.forward) while plugin reflect-exit.jar "
                + "(com.example.ReflectExitProvider): activation 'reflect_exit' forward, running ");
        assertEquals(previousModel, Files.readString(work.resolve("model.yaml"), StandardCharsets.UTF_8));
        assertCompleteMetrics(work.resolve("m.jsonl"), run);
    }

    // ------------------------------------------------------------------------------------------------------
    // Hangs, stack overflows, running out of memory
    // ------------------------------------------------------------------------------------------------------

    @Test
    void verifyNamesAHangingCheckAndAbandonsItAtTheTimeLimit(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "hang.jar", "HangProvider", activation("HangProvider", "hang", "", "", """
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // a plugin that will not stop
                    }
                }""", "return 1;"));

        NnProcess.Result run = NnProcess.in(work).timeout(Duration.ofSeconds(60))
                .run("plugins", "verify", "--timeout", "2", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "checking activation 'hang' (plugin hang.jar)...",
                "activation 'hang' (plugin hang.jar): no result after 2 s: the check was abandoned");
        assertTrue(Pattern.compile("(?m)^activation +hang +.* FAIL: no result after 2 s: the check was abandoned$")
                .matcher(run.stdout()).find(), run::describe);
        assertTrue(Pattern.compile("(?m)^activation +relu +.* pass$").matcher(run.stdout()).find(), run::describe);
        var summary = Pattern.compile("(?m)^(\\d+) of (\\d+) components passed").matcher(run.stdout());
        assertTrue(summary.find(), run::describe);
        assertEquals(Integer.parseInt(summary.group(2)) - 1, Integer.parseInt(summary.group(1)), run::describe);
    }

    /** A layer whose construction never returns: verify builds layers on the timed thread too, and goes on. */
    @Test
    void verifyAbandonsALayerThatNeverFinishesBeingBuilt(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.builder()
                .source("com.example.StuckProvider", """
                        package com.example;

                        import dev.nn.spi.Layer;
                        import dev.nn.spi.LayerContext;
                        import dev.nn.spi.LayerProvider;

                        public final class StuckProvider implements LayerProvider {
                            @Override
                            public String name() {
                                return "stuck";
                            }

                            @Override
                            public Layer create(LayerContext context) {
                                while (true) {
                                    Thread.onSpinWait();
                                }
                            }
                        }
                        """)
                .service("dev.nn.spi.LayerProvider", "com.example.StuckProvider")
                .manifest(PluginJars.SPI_VERSION, "2")
                .write(plugins.resolve("stuck.jar"));

        NnProcess.Result run = NnProcess.in(work).timeout(Duration.ofSeconds(60))
                .run("plugins", "verify", "--timeout", "2", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "checking layer 'stuck' (plugin stuck.jar)...",
                "layer 'stuck' (plugin stuck.jar): no result after 2 s: the check was abandoned");
        assertTrue(Pattern.compile("(?m)^layer +stuck +.* FAIL: no result after 2 s: the check was abandoned$")
                .matcher(run.stdout()).find(), run::describe);
        assertTrue(Pattern.compile("(?m)^layer +layer_norm +.* pass$").matcher(run.stdout()).find(),
                run::describe);
    }

    @Test
    void aStackOverflowInPluginCodeIsNamedWithoutAThousandLineTrace(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "deep.jar", "DeepProvider", activation("DeepProvider", "deep", "", "",
                "return x == 0 ? 0 : deeper(x);", "return 1;",
                "private double deeper(double x) { return 1 + deeper(x + 1); }"));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("deep"));

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString());
        NnProcess.Result verbose = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString(),
                "--verbose");

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: plugin deep.jar (com.example.DeepProvider): activation 'deep' "
                + "forward failed: java.lang.StackOverflowError (the plugin's code recursed too deeply)");
        assertTrue(PluginSupport.platformStderr(run).size() <= 3, run::describe);
        assertEquals(1, verbose.exitCode(), verbose::describe);
        assertContains(verbose, verbose.stderr(), "Caused by: java.lang.StackOverflowError",
                "deep.jar//com.example.DeepProvider$1.deeper(", "more times");
        assertTrue(verbose.stderrLines().size() < 100, verbose.stderrLines().size() + " lines\n"
                + verbose.describe());
    }

    @Test
    void runningOutOfMemoryInPluginCodeIsNamed(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "hog.jar", "HogProvider", activation("HogProvider", "hog", "", "",
                "double[] all = new double[Integer.MAX_VALUE - 2]; return x + all.length;", "return 1;"));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("hog"));

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: plugin hog.jar (com.example.HogProvider): activation 'hog' "
                + "forward failed: java.lang.OutOfMemoryError", "the plugin's code ran out of memory");
        assertFalse(run.stderr().contains("\tat "), run::describe);
    }

    // ------------------------------------------------------------------------------------------------------
    // Wrong numbers: NaN for finite input, a wrong derivative
    // ------------------------------------------------------------------------------------------------------

    @Test
    void theFirstNonFiniteValueIsAttributedToThePluginThatProducedIt(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "nan-forward.jar", "NanForwardProvider", activation("NanForwardProvider", "nan_forward", "",
                "", "return Math.sqrt(x - 10);", "return 0.5 / Math.sqrt(x - 10);"));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("nan_forward"));

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: layer 2 activation 'nan_forward' (plugin nan-forward.jar) gave NaN "
                + "for finite input at epoch 1, batch 1/1");
        assertFalse(run.stderr().contains("Hint"), run::describe);
        assertFalse(run.stderr().contains("learning rate"), run::describe);
    }

    @Test
    void aNonFiniteGradientIsAttributedToThePluginWhoseBackwardProducedIt(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "nan-backward.jar", "NanBackwardProvider", activation("NanBackwardProvider", "nan_backward",
                "", "", "return Math.tanh(x);", "return Math.log(x - 10);"));
        PluginSupport.write(work.resolve("spec.yaml"), outputSpec("nan_backward"));

        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertContains(run, run.stderr(), "error: layer 2 activation 'nan_backward' (plugin nan-backward.jar) gave "
                + "NaN in backward for finite input at epoch 1, batch 1/1");
        assertFalse(run.stderr().contains("Hint"), run::describe);
    }

    @Test
    void trainAndValidateWarnWhenAPluginsDerivativeIsWrongWithTheSpecsParameters(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        // scale * tanh(x), whose derivative forgets the scale: right for the default scale 1 only.
        plugin(plugins, "scaled.jar", "ScaledProvider", activation("ScaledProvider", "scaled", "",
                "double scale = parameters.getDouble(\"scale\", 1.0);", "return scale * Math.tanh(x);",
                "double t = Math.tanh(x); return 1 - t * t;"));
        PluginSupport.write(work.resolve("default.yaml"), outputSpec("scaled"));
        PluginSupport.write(work.resolve("scaled.yaml"), outputSpec("{name: scaled, scale: 2}"));

        NnProcess.Result good = NnProcess.in(work).run("validate", "default.yaml", "--plugins", plugins.toString());
        NnProcess.Result bad = NnProcess.in(work).run("validate", "scaled.yaml", "--plugins", plugins.toString());
        NnProcess.Result train = NnProcess.in(work).run("train", "scaled.yaml", "--plugins", plugins.toString());

        assertEquals(0, good.exitCode(), good::describe);
        PluginSupport.assertNoStderr(good);
        assertEquals(0, bad.exitCode(), bad::describe);
        String warning = "warning: scaled.yaml:7:5: layers[1].activation: activation 'scaled' (plugin scaled.jar) "
                + "fails the derivative check (worst relative error ";
        assertContains(bad, bad.stderr(), warning, "training would follow a wrong gradient");
        assertEquals(0, train.exitCode(), train::describe);
        assertContains(train, train.stderr(), warning);
    }

    @Test
    void verifyChecksNonDefaultParametersGivenWithWith(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "scaled.jar", "ScaledProvider", activation("ScaledProvider", "scaled", "",
                "double scale = parameters.getDouble(\"scale\", 1.0);", "return scale * Math.tanh(x);",
                "double t = Math.tanh(x); return 1 - t * t;"));

        NnProcess.Result defaults = NnProcess.in(work).run("plugins", "verify", "--plugins", plugins.toString());
        NnProcess.Result scaled = NnProcess.in(work).run("plugins", "verify", "--plugins", plugins.toString(),
                "--with", "scaled:scale=2", "--with", "leaky_relu:alpha=0.3");
        NnProcess.Result unknownKey = NnProcess.in(work).run("plugins", "verify", "--plugins", plugins.toString(),
                "--with", "scaled:size=2");
        NnProcess.Result unknownName = NnProcess.in(work).run("plugins", "verify", "--plugins", plugins.toString(),
                "--with", "scaeld:scale=2");

        assertEquals(0, defaults.exitCode(), defaults::describe);
        assertEquals(1, scaled.exitCode(), scaled::describe);
        assertTrue(Pattern.compile("(?m)^activation +scaled\\{scale=2} +.* FAIL: .*analytic .*numeric")
                .matcher(scaled.stdout()).find(), scaled::describe);
        assertTrue(Pattern.compile("(?m)^activation +leaky_relu\\{alpha=0.3} +.* pass$")
                .matcher(scaled.stdout()).find(), scaled::describe);
        assertEquals(1, unknownKey.exitCode(), unknownKey::describe);
        assertTrue(Pattern.compile("(?m)^activation +scaled\\{size=2} +.* FAIL: it takes no parameter size; it "
                + "takes: scale$").matcher(unknownKey.stdout()).find(), unknownKey::describe);
        assertEquals(2, unknownName.exitCode(), unknownName::describe);
        assertContains(unknownName, unknownName.stderr(), "error: --with scaeld:scale=2: no activation, loss or "
                + "layer is called 'scaeld'; did you mean 'scaled'?");
    }

    // ------------------------------------------------------------------------------------------------------
    // One plugin installed twice; files that are not jars
    // ------------------------------------------------------------------------------------------------------

    @Test
    void theSamePluginInstalledTwiceSaysSoAndOnlyItsSpecsFail(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        for (String version : List.of("1.0", "1.1")) {
            PluginJars.builder()
                    .source("com.example.TwinProvider", PluginSupport.activation("com.example.TwinProvider", "twin",
                            "x", "1"))
                    .service(ACTIVATION, "com.example.TwinProvider")
                    .manifest("Implementation-Title", "twin-plugin")
                    .manifest("Implementation-Version", version)
                    .write(plugins.resolve("twin-" + version + ".jar"));
        }
        String twice = "activation 'twin' is provided twice: the same plugin is installed twice: twin-1.0.jar (1.0) "
                + "and twin-1.1.jar (1.1); remove one";

        NnProcess.Result list = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());
        PluginSupport.write(work.resolve("twin.yaml"), outputSpec("twin"));
        PluginSupport.write(work.resolve("tanh.yaml"), outputSpec("tanh"));
        NnProcess.Result twin = NnProcess.in(work).run("train", "twin.yaml", "--plugins", plugins.toString());
        NnProcess.Result tanh = NnProcess.in(work).run("train", "tanh.yaml", "--plugins", plugins.toString());

        assertEquals(0, list.exitCode(), list::describe);
        assertContains(list, list.stderr(), "warning: " + twice);
        assertEquals(2, list.stdoutLines().stream().filter(line -> line.startsWith("activation")
                && line.contains(" twin ") && line.endsWith("  CLASH")).count(), list::describe);
        assertEquals(2, twin.exitCode(), twin::describe);
        assertContains(twin, twin.stderr(), "layers[1].activation: " + twice);
        assertEquals(0, tanh.exitCode(), tanh::describe);
    }

    @Test
    void aFifoOrADeviceNamedLikeAJarIsReportedAndHangsNothing(@TempDir Path work) throws Exception {
        Path plugins = work.resolve("plugins");
        Files.createDirectories(plugins.resolve("folder-plugin"));
        mkfifo(plugins.resolve("fifo.jar"));
        mkfifo(plugins.resolve("folder-plugin").resolve("lib.jar"));
        Files.createSymbolicLink(plugins.resolve("zero.jar"), Path.of("/dev/zero"));
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result list = NnProcess.in(work).timeout(Duration.ofSeconds(60))
                .run("plugins", "--plugins", plugins.toString());

        assertEquals(0, list.exitCode(), list::describe);
        assertContains(list, list.stderr(), "warning: plugin fifo.jar: skipped: fifo.jar is a FIFO, not a jar file",
                "warning: plugin zero.jar: skipped: zero.jar is a character device, not a jar file",
                "warning: plugin folder-plugin: skipped: lib.jar is a FIFO, not a jar file");
        assertTrue(Pattern.compile("(?m)^activation +swish +dev\\.nn\\.examples\\.").matcher(list.stdout()).find(),
                list::describe);
    }

    // ------------------------------------------------------------------------------------------------------
    // --verbose shows the plugin's own exception
    // ------------------------------------------------------------------------------------------------------

    @Test
    void verboseShowsThePluginsOwnExceptionAndItsCause(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        plugin(plugins, "broken-create.jar", "BrokenCreateProvider", activation("BrokenCreateProvider",
                "broken_create", "", "if (parameters != null) { throw new IllegalStateException(\"no model file\", "
                        + "new java.io.FileNotFoundException(\"weights.bin\")); }", "return x;", "return 1;"));
        plugin(plugins, "broken-forward.jar", "BrokenForwardProvider", activation("BrokenForwardProvider",
                "broken_forward", "", "", "if (x != 0) { throw new ArithmeticException(\"table lookup out of range\"); "
                        + "} return x;", "return 1;"));
        plugin(plugins, "broken-constructor.jar", "BrokenConstructorProvider", activation(
                "BrokenConstructorProvider", "broken_constructor", "public BrokenConstructorProvider() { throw new "
                        + "IllegalStateException(\"no licence\"); }", "", "return x;", "return 1;"));
        PluginSupport.write(work.resolve("create.yaml"), outputSpec("broken_create"));
        PluginSupport.write(work.resolve("forward.yaml"), outputSpec("broken_forward"));

        NnProcess.Result create = NnProcess.in(work).run("train", "create.yaml", "--verbose", "--plugins",
                plugins.toString());
        NnProcess.Result forward = NnProcess.in(work).run("train", "forward.yaml", "--verbose", "--plugins",
                plugins.toString());

        assertEquals(2, create.exitCode(), create::describe);
        assertContains(create, create.stderr(), "Suppressed: dev.nn.registry.PluginException: plugin "
                        + "broken-create.jar (com.example.BrokenCreateProvider): 'broken_create' create() failed",
                "Caused by: java.lang.IllegalStateException: no model file",
                "broken-create.jar//com.example.BrokenCreateProvider.create(",
                "Caused by: java.io.FileNotFoundException: weights.bin",
                "Caused by: java.lang.IllegalStateException: no licence",
                "broken-constructor.jar//com.example.BrokenConstructorProvider.<init>(");
        assertEquals(1, forward.exitCode(), forward::describe);
        assertContains(forward, forward.stderr(), "Caused by: java.lang.ArithmeticException: table lookup out of "
                + "range", "broken-forward.jar//com.example.BrokenForwardProvider$1.value(");
    }

    // ------------------------------------------------------------------------------------------------------

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "mkfifo did not finish");
        assertEquals(0, process.exitValue(), "mkfifo " + path);
    }

    /** Every line of the metrics file is one whole JSON object: nothing half-written. */
    private static void assertCompleteMetrics(Path metrics, NnProcess.Result run) throws IOException {
        List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), "two epochs finished before the exit\n" + run.describe());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"epoch\":" + (i + 1) + ",") && lines.get(i).endsWith("}"),
                    lines.get(i) + "\n" + run.describe());
        }
    }
}

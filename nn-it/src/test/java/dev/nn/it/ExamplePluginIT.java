package dev.nn.it;

import static dev.nn.it.PluginSupport.assertRow;
import static dev.nn.it.PluginSupport.assertNoStderr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin ({@code examples/plugins/nn-example-plugin}), built by its own module, dropped into plugin
 * folders and used through the CLI: listed, verified, trained against golden values, found through each plugin
 * location. Also compiles the plugin printed in docs/plugins.md's "Write a plugin" section.
 */
final class ExamplePluginIT {
    private static final String JAR = "nn-example-plugin-0.1.0-SNAPSHOT.jar";
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String SPEC = "swish_huber.yaml";
    /** The page whose "Write a plugin" section prints a plugin to compile. */
    private static final String DOCUMENT = "docs/plugins.md";

    @Test
    void pluginsListsTheThreeComponentsWithTheJarTheyCameFrom(@TempDir Path plugins) {
        Path jar = PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result run = NnProcess.in(plugins).run("plugins", "--plugins", plugins.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        assertRow(run, "activation", "swish", "dev.nn.examples.SwishProvider", jar.toString(), VERSION);
        assertRow(run, "activation", "softplus", "dev.nn.examples.SoftplusProvider", jar.toString(), VERSION);
        assertRow(run, "loss", "huber", "dev.nn.examples.HuberProvider", jar.toString(), VERSION);
        assertTrue(run.stdout().contains("dev.nn.activations.ReluProvider"), run::describe);
    }

    /**
     * The plugin's schedule {@code inverse_time} is listed and drives training: every epoch's learning rate in the
     * metrics file is {@code 0.1 / (1 + 0.5 (epoch - 1))}, as the plugin documents.
     */
    @Test
    void aScheduleFromThePluginSetsEveryEpochsLearningRate(@TempDir Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        Path jar = PluginJars.copyExamplePlugin(plugins);
        Files.writeString(work.resolve("spec.yaml"), """
                input: 2
                layers:
                  - units: 3
                    activation: tanh
                  - units: 1
                loss: mse
                optimizer: {name: sgd, learning_rate: 0.1, schedule: {name: inverse_time, decay_rate: 0.5}}
                training:
                  epochs: 4
                data:
                  train:
                    inputs: [[0, 1], [1, 0], [1, 1], [0, 0]]
                    targets: [[1], [1], [0], [0]]
                """);

        NnProcess.Result listed = NnProcess.in(work).run("plugins", "--plugins", plugins.toString());
        NnProcess.Result run = NnProcess.in(work).run("train", "spec.yaml", "--plugins", plugins.toString(),
                "--metrics", "metrics.jsonl");

        assertRow(listed, "schedule", "inverse_time", "dev.nn.examples.InverseTimeDecayProvider", jar.toString(),
                VERSION);
        assertEquals(0, run.exitCode(), run::describe);
        List<JsonNode> metrics = TrainingOutputs.metrics(work.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size());
        for (int epoch = 1; epoch <= 4; epoch++) {
            assertEquals(0.1 / (1 + 0.5 * (epoch - 1)), metrics.get(epoch - 1).get("learning_rate").doubleValue(),
                    1e-15, "epoch " + epoch);
        }
        assertTrue(run.stdout().contains("epoch 4/4  loss "), run::describe);
        assertTrue(run.stdout().contains("learning_rate 0.04  "), run::describe);
    }

    @Test
    void verifyPassesForEveryPluginComponent(@TempDir Path plugins) {
        PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result run = NnProcess.in(plugins).run("plugins", "verify", "--plugins", plugins.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        for (String[] component : List.of(new String[] {"activation", "swish"},
                new String[] {"activation", "softplus"}, new String[] {"loss", "huber"})) {
            Pattern row = Pattern.compile(component[0] + " +" + component[1] + " +\\S*" + Pattern.quote(JAR)
                    + " +\\S+ +pass");
            assertTrue(run.stdoutLines().stream().anyMatch(line -> row.matcher(line).matches()),
                    "no passing row for " + component[1] + "\n" + run.describe());
        }
        Matcher summary = Pattern.compile("(\\d+) of (\\d+) components passed.*")
                .matcher(run.stdoutLines().get(run.stdoutLines().size() - 1));
        assertTrue(summary.matches(), run::describe);
        assertEquals(summary.group(2), summary.group(1), run::describe);
    }

    /** Trains {@code golden-plugin/swish_huber.yaml}; generate_plugin_golden.py computed the expected values. */
    @Test
    void trainingWithSwishAndHuberMatchesTheGoldenValues(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path folder = NnProcess.testResources("golden-plugin");
        Path metrics = work.resolve("metrics.jsonl");
        Path model = work.resolve("model.yaml");

        NnProcess.Result run = NnProcess.in(folder).run("train", SPEC, "--plugins", plugins.toString(),
                "--metrics", metrics.toString(), "--save", model.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        GoldenValues golden = GoldenValues.read(folder.resolve("swish_huber.expected.json"));
        List<JsonNode> lines = TrainingOutputs.metrics(metrics);
        assertEquals(golden.epochs().size(), lines.size(), "epochs in " + metrics);
        for (int i = 0; i < lines.size(); i++) {
            GoldenValues.Epoch expected = golden.epochs().get(i);
            assertEquals(expected.epoch(), lines.get(i).get("epoch").intValue(), lines.get(i)::toString);
            Tolerance.assertClose(expected.loss(), lines.get(i).get("loss").doubleValue(), Tolerance.GOLDEN,
                    "epoch " + expected.epoch() + " loss");
            assertTrue(lines.get(i).get("accuracy") == null, "regression targets, yet accuracy: " + lines.get(i));
        }
        Map<String, Matrix> parameters = TrainingOutputs.parameters(model);
        assertEquals(golden.parameters().keySet(), parameters.keySet());
        golden.parameters().forEach((name, expected) ->
                Tolerance.assertClose(expected, parameters.get(name), Tolerance.GOLDEN, name));
        JsonNode saved = TrainingOutputs.spec(model);
        assertEquals("swish", saved.at("/layers/0/activation/name").asText(), saved::toString);
        assertEquals(1.5, saved.at("/layers/0/activation/beta").doubleValue(), saved::toString);
        assertEquals("huber", saved.at("/loss/name").asText(), saved::toString);
    }

    /**
     * A saved model records the sha256 of each plugin jar it was trained with; a command that loads it after the jar
     * changed says so, and still runs.
     */
    @Test
    void aModelWhosePluginJarChangedSinceTrainingIsLoadedWithAWarning(@TempDir Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        Path jar = PluginJars.copyExamplePlugin(plugins);
        Path model = work.resolve("model.yaml");
        NnProcess.Result train = NnProcess.in(NnProcess.testResources("golden-plugin")).run("train", SPEC,
                "--plugins", plugins.toString(), "--save", model.toString());
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result unchanged = NnProcess.in(work).run("validate", model.toString(),
                "--plugins", plugins.toString());
        withAnExtraEntry(jar);
        NnProcess.Result changed = NnProcess.in(work).run("validate", model.toString(),
                "--plugins", plugins.toString());

        assertEquals(0, unchanged.exitCode(), unchanged::describe);
        assertNoStderr(unchanged);
        assertEquals(0, changed.exitCode(), changed::describe);
        assertTrue(changed.stderr().contains("metadata.provenance.plugins: plugin " + jar.getFileName()
                + " has changed since the model was trained: it was version " + VERSION + " (sha256 "),
                changed::describe);
        assertTrue(changed.stdout().startsWith(model + ": valid: "), changed::describe);
    }

    /**
     * A checkpoint records the plugin jars its model's components came from: resuming with the same jar continues,
     * with a changed jar or without it is refused (exit 2), since either would continue another computation.
     */
    @Test
    void resumingAfterThePluginJarChangedOrWentMissingIsRefused(@TempDir Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        Path jar = PluginJars.copyExamplePlugin(plugins);
        Path spec = work.resolve(SPEC);
        Files.copy(NnProcess.testResources("golden-plugin").resolve(SPEC), spec);
        Path checkpoints = work.resolve("ck");
        NnProcess.Result train = NnProcess.in(work).run("train", SPEC, "--plugins", plugins.toString(),
                "--checkpoint", checkpoints.toString(), "--set", "training.epochs=2");
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result same = NnProcess.in(work).run("train", SPEC, "--plugins", plugins.toString(),
                "--resume", checkpoints.toString(), "--set", "training.epochs=2");
        withAnExtraEntry(jar);
        NnProcess.Result changed = NnProcess.in(work).run("train", SPEC, "--plugins", plugins.toString(),
                "--resume", checkpoints.toString(), "--set", "training.epochs=2");
        NnProcess.Result missing = NnProcess.in(work).run("train", SPEC, "--resume", checkpoints.toString(),
                "--set", "training.epochs=2");

        assertEquals(0, same.exitCode(), same::describe);
        assertTrue(same.stderr().contains("resuming from "), same::describe);
        assertEquals(2, changed.exitCode(), changed::describe);
        assertTrue(changed.stderr().contains(": plugin " + jar.getFileName() + " changed since the checkpoint "
                + "(version " + VERSION + ", sha256 "), changed::describe);
        assertTrue(changed.stderr().contains("resume with the plugin jar it was written with"), changed::describe);
        assertEquals(2, missing.exitCode(), missing::describe);
        assertFalse(missing.stderr().contains("Exception"), missing::describe);
    }

    /** Rewrites {@code jar} with every entry it had plus one more, so that its classes stay the same. */
    private static void withAnExtraEntry(Path jar) throws IOException {
        Path rewritten = jar.resolveSibling("rewritten.tmp");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(jar.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(rewritten))) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                try (var data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new java.util.zip.ZipEntry("META-INF/rebuilt.txt"));
            out.write("rebuilt\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void pluginParametersAreCheckedLikeBuiltInOnes(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path spec = PluginSupport.write(work.resolve("bad.yaml"), """
                input: 1
                layers:
                  - units: 1
                    activation: {name: swish, gamma: 2}
                loss: {name: huber, delta: -1}
                optimizer: sgd
                training: {epochs: 1}
                data: {train: {inputs: [[1]], targets: [[0]]}}
                """);

        NnProcess.Result run = NnProcess.in(work).run("validate", spec.toString(), "--plugins", plugins.toString());

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("unknown parameter 'gamma' for activation 'swish'")
                && run.stderr().contains("it takes: beta"), run::describe);
        assertTrue(run.stderr().contains("loss 'huber': expected a number > 0 but found -1.0"), run::describe);
    }

    @Test
    void pluginFoldersInNnPluginsAreLoaded(@TempDir Path work) {
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        PluginJars.copyExamplePlugin(first);
        PluginJars.builder()
                .source("com.example.CubeProvider",
                        PluginSupport.activation("com.example.CubeProvider", "cube", "x * x * x", "3 * x * x"))
                .service(PluginJars.ACTIVATION_PROVIDER, "com.example.CubeProvider")
                .write(second.resolve("cube.jar"));
        String variable = String.join(java.io.File.pathSeparator, first.toString(),
                work.resolve("does-not-exist").toString(), second.toString());

        NnProcess.Result run = NnProcess.in(work).env("NN_PLUGINS", variable).run("plugins");

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        assertRow(run, "activation", "swish", "dev.nn.examples.SwishProvider", first.resolve(JAR).toString(),
                VERSION);
        assertRow(run, "activation", "cube", "com.example.CubeProvider", second.resolve("cube.jar").toString(), "-");
    }

    /** A copy of the distribution, so that the real one's plugins/ folder stays as built. */
    @Test
    void jarsInTheDistributionsPluginsFolderAreLoaded(@TempDir Path work) throws Exception {
        Path home = copyDistribution(work.resolve("nn"));
        Path jar = PluginJars.copyExamplePlugin(home.resolve("plugins"));

        NnProcess.Result run = NnProcess.in(work).runProgram(home.resolve("bin").resolve("nn"), "plugins");

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run); // the plugins/README.txt beside the jar is not reported
        assertRow(run, "activation", "swish", "dev.nn.examples.SwishProvider", jar.toString(), VERSION);
        assertRow(run, "loss", "huber", "dev.nn.examples.HuberProvider", jar.toString(), VERSION);

        NnProcess.Result train = NnProcess.in(NnProcess.testResources("golden-plugin"))
                .runProgram(home.resolve("bin").resolve("nn"), "train", SPEC);
        assertEquals(0, train.exitCode(), train::describe);
        assertTrue(train.stdout().contains("epoch 30/30"), train::describe);
    }

    /**
     * The plugin printed in docs/plugins.md's "Write a plugin" section, compiled as printed with the services file
     * printed there, is found and passes {@code nn plugins verify}.
     */
    @Test
    void theDocumentedPluginCompilesLoadsAndVerifies(@TempDir Path plugins) throws IOException {
        String readme = Files.readString(NnProcess.repository().resolve(DOCUMENT), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Write a plugin");
        assertTrue(start >= 0, DOCUMENT + " has no '## Write a plugin' section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = codeBlocks(section);
        String source = blocks.stream().filter(b -> b.contains("implements ActivationProvider")).findFirst()
                .orElseThrow(() -> new AssertionError("no activation provider in " + DOCUMENT + "'s section"));
        Matcher pkg = Pattern.compile("package ([\\w.]+);").matcher(source);
        Matcher cls = Pattern.compile("public final class (\\w+)").matcher(source);
        Matcher name = Pattern.compile("return \"(\\w+)\";").matcher(source);
        assertTrue(pkg.find() && cls.find() && name.find(), source);
        String className = pkg.group(1) + "." + cls.group(1);
        int servicesAt = section.indexOf("META-INF/services/" + PluginJars.ACTIVATION_PROVIDER);
        assertTrue(servicesAt >= 0, DOCUMENT + "'s section names no services file");
        String services = codeBlocks(section.substring(servicesAt)).get(0).trim();
        assertEquals(className, services, "the services file lists the provider class");

        PluginJars.builder().source(className, source).service(PluginJars.ACTIVATION_PROVIDER, services)
                .write(plugins.resolve("readme-plugin.jar"));
        NnProcess.Result run = NnProcess.in(plugins).run("plugins", "verify", "--plugins", plugins.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        Pattern row = Pattern.compile("activation +" + name.group(1) + " +\\S*readme-plugin\\.jar +\\S+ +pass");
        assertTrue(run.stdoutLines().stream().anyMatch(line -> row.matcher(line).matches()), run::describe);
    }

    private static List<String> codeBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private static Path copyDistribution(Path target) throws IOException {
        Path source = NnProcess.distribution();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}

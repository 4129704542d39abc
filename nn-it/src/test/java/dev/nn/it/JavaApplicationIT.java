package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example application {@code examples/java-app}, built as a user's project would build it: a nested Maven build
 * whose local repository is the one this build staged with {@code invoker:install} (nn-api and everything it needs,
 * in {@code target/it-repo}), and which takes Maven's own plugins from the user's local repository as a file
 * repository (offline when this build is offline) or from Maven Central; nothing is installed into the user's
 * repository. Its Java-API predictions must be the bytes {@code nn predict} writes, and its training the epochs
 * {@code nn train} runs, bit for bit.
 */
final class JavaApplicationIT {
    @TempDir
    static Path project;
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheApplicationAgainstTheStagedArtifacts() throws IOException {
        copy(NnProcess.repository().resolve("examples/java-app"), project);
        Path settings = project.resolve("it-settings.xml");
        Files.writeString(settings, settings(Path.of(property("nn.userRepository")).toUri().toString()));
        List<String> args = new ArrayList<>(List.of("-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + property("nn.stagingRepository"), "-Dnn.version=" + property("nn.version")));
        if (property("nn.mavenOffline").equals("offline:true")) {
            // offline, yet the user's repository is readable: it is a file repository, not a remote one
            args.addAll(List.of("-o", "-Daether.offline.protocols=file"));
        }
        args.add("package");
        NnProcess.Result build = NnProcess.in(project)
                .runProgram(Path.of(property("nn.mavenHome"), "bin", "mvn"), args.toArray(String[]::new));
        assertEquals(0, build.exitCode(), build::describe);
        jar = project.resolve("target/nn-java-app-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), build::describe);
    }

    @Test
    void itsPredictionsAreExactlyWhatNnPredictWrites() {
        Path model = dir.resolve("iris-model.yaml");
        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/iris.yaml", "--save",
                model.toString());
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result cli = NnProcess.inRepository().run("predict", model.toString(), "--input",
                "examples/data/iris.csv");
        NnProcess.Result app = java("predict", model.toString(), "examples/data/iris.csv");

        assertEquals(0, cli.exitCode(), cli::describe);
        assertEquals(0, app.exitCode(), app::describe);
        assertEquals(151, app.stdoutLines().size(), app::describe);
        assertEquals("p_setosa,p_versicolor,p_virginica,predicted", app.stdoutLines().get(0));
        assertEquals(cli.stdout(), app.stdout());
    }

    @Test
    void itsTrainingRunsTheEpochsNnTrainRunsAndStopsWhenItsListenerAsks() throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        NnProcess.Result cli = NnProcess.inRepository().run("train", "examples/document.yaml", "--metrics",
                metrics.toString());
        assertEquals(0, cli.exitCode(), cli::describe);
        List<Double> losses = TrainingOutputs.metrics(metrics).stream().map(m -> m.get("loss").asDouble()).toList();
        // stop below the 5th epoch's loss, nudged up: the first epoch at or under it, by nn train's own losses
        double stopBelow = Math.nextUp(losses.get(4));
        int expectedEpochs = 1;
        while (!(losses.get(expectedEpochs - 1) < stopBelow)) {
            expectedEpochs++;
        }

        Path model = dir.resolve("document-model.yaml");
        NnProcess.Result app = java("train", "examples/document.yaml", model.toString(), Double.toString(stopBelow));

        assertEquals(0, app.exitCode(), app::describe);
        List<String> lines = app.stdoutLines();
        assertEquals(expectedEpochs + 1, lines.size(), app::describe);
        for (int e = 1; e <= expectedEpochs; e++) {
            String[] words = lines.get(e - 1).split(" ");
            assertEquals("epoch " + e + "/" + losses.size(), words[0] + " " + words[1], app::describe);
            assertEquals(Double.doubleToLongBits(losses.get(e - 1)), Double.doubleToLongBits(Double.parseDouble(words[3])),
                    "epoch " + e + ": " + lines.get(e - 1) + " but nn train: " + losses.get(e - 1));
        }
        assertEquals("stopped after " + expectedEpochs + " epochs; model saved to " + model,
                lines.get(expectedEpochs));
        NnProcess.Result predict = NnProcess.in(dir).run("summary", "--json", model.toString());
        assertEquals(0, predict.exitCode(), predict::describe);
        JsonNode provenance = new com.fasterxml.jackson.databind.ObjectMapper().readTree(predict.stdout());
        assertEquals("document-network", provenance.get("name").asText());
    }

    @Test
    void aBadModelIsTheOneLineNnPrints() throws IOException {
        Path untrained = NnProcess.repository().resolve("examples/iris.yaml");

        NnProcess.Result cli = NnProcess.inRepository().run("predict", untrained.toString(), "--input",
                "examples/data/iris.csv");
        NnProcess.Result app = java("predict", untrained.toString(), "examples/data/iris.csv");

        assertEquals(2, app.exitCode(), app::describe);
        assertEquals(cli.stderr(), app.stderr());
    }

    /** Runs the application's jar in the repository root, with this JVM's java. */
    private static NnProcess.Result java(String... args) {
        List<String> command = new ArrayList<>(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return NnProcess.inRepository().runProgram(Path.of(System.getProperty("java.home"), "bin", "java"),
                command.toArray(String[]::new));
    }

    /**
     * Maven settings that add the user's local repository as a file repository of releases (Maven's plugins, the
     * libraries), ahead of Maven Central; no snapshots from it, so nn's own come from the staged repository only.
     */
    private static String settings(String userRepository) {
        String repository = "<id>user-local-repository</id><url>" + userRepository + "</url>"
                + "<releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots>";
        return "<settings><profiles><profile><id>user-local-repository</id>"
                + "<repositories><repository>" + repository + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + repository + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>user-local-repository</activeProfile>"
                + "</activeProfiles></settings>\n";
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank() && !value.startsWith("${"), name + " is not set (run with "
                + "failsafe: mvn -B verify -pl nn-it -am)");
        return value;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

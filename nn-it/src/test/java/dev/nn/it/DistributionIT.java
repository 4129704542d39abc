package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packed distribution as a user installs it: unpacked elsewhere it runs its own example, and
 * {@code bin/nn-start-up-archive} builds the start-up archive that {@code bin/nn} then maps. The folder distribution
 * comes with a usable archive already. {@code -Xshare:on} makes a JVM fail instead of starting without the archive,
 * so a run with it proves the archive is used.
 */
final class DistributionIT {
    private static final String SHARING_REQUIRED = "-Xshare:on";

    @Test
    void theUnpackedTarballRunsAndBuildsItsStartUpArchive(@TempDir Path work) throws Exception {
        Path tarball = NnProcess.distribution().getParent().getParent().resolve("nn.tar.gz");
        assertTrue(Files.isRegularFile(tarball), "no " + tarball);
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString()).directory(work.toFile())
                .redirectErrorStream(true).start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar xzf " + tarball + " failed");
        Path home = work.resolve("nn");
        Path nn = home.resolve("bin/nn");
        Path spec = home.resolve("examples/document.yaml");
        assertFalse(Files.exists(home.resolve("lib/nn.jsa")), "the tarball carries a start-up archive");

        NnProcess.Result plain = NnProcess.in(work).runProgram(nn, "validate", spec.toString());
        NnProcess.Result build = NnProcess.in(work).timeout(Duration.ofMinutes(3))
                .runProgram(home.resolve("bin/nn-start-up-archive"));
        NnProcess.Result shared = NnProcess.in(work).env("NN_JAVA_OPTS", SHARING_REQUIRED)
                .runProgram(nn, "validate", spec.toString());
        NnProcess.Result trained = NnProcess.in(work).env("NN_JAVA_OPTS", SHARING_REQUIRED)
                .runProgram(nn, "train", spec.toString());

        assertEquals(0, plain.exitCode(), plain::describe);
        assertEquals(spec + ": valid: 3 layers (3-4-2-3), 35 parameters, loss mse, optimizer sgd, 2 training samples",
                plain.stdout().strip(), plain::describe);
        assertEquals(0, build.exitCode(), build::describe);
        assertEquals("nn-start-up-archive: built " + home.toRealPath().resolve("lib/nn.jsa"), build.stdout().strip(),
                build::describe);
        assertEquals(0, shared.exitCode(), shared::describe);
        assertEquals(plain.stdout(), shared.stdout(), shared::describe);
        assertEquals(0, trained.exitCode(), trained::describe);
        assertTrue(trained.stdout().contains("epoch 40/40  loss 0.1275867813"), trained::describe);
    }

    @Test
    void theTarballCarriesTheReadmeTheExamplesWithTheirDataAndTheCompletionScript(@TempDir Path work)
            throws Exception {
        Path home = unpack(work);
        Path nn = home.resolve("bin/nn");

        assertTrue(Files.isRegularFile(home.resolve("README.md")), "no README.md");
        assertEquals(Files.readString(NnProcess.repository().resolve("README.md")),
                Files.readString(home.resolve("README.md")));
        List<String> specs;
        try (Stream<Path> files = Files.list(NnProcess.repository().resolve("examples"))) {
            specs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertFalse(specs.isEmpty());
        for (String spec : specs) {
            assertEquals(Files.readString(NnProcess.repository().resolve("examples").resolve(spec)),
                    Files.readString(home.resolve("examples").resolve(spec)), spec);
        }
        assertTrue(Files.isRegularFile(home.resolve("examples/data/iris.csv")), "no iris data");
        assertTrue(Files.readString(home.resolve("examples/data/README.md")).contains(
                "apt-get install dataset-fashion-mnist"), "how to get Fashion-MNIST");

        // As examples/iris.yaml says, from the folder nn was unpacked into (bin/nn for ./nn).
        Path model = work.resolve("iris-model.yaml");
        NnProcess.Result train = NnProcess.in(home).runProgram(nn, "train", "examples/iris.yaml", "--save",
                model.toString());
        NnProcess.Result predict = NnProcess.in(home).runProgram(nn, "predict", model.toString(), "--input",
                "examples/data/iris.csv");
        NnProcess.Result evaluate = NnProcess.in(home).runProgram(nn, "evaluate", model.toString(), "--data",
                "validation");
        assertEquals(0, train.exitCode(), train::describe);
        assertTrue(train.stdout().contains("val_accuracy 0.9667"), train::describe);
        assertEquals(0, predict.exitCode(), predict::describe);
        assertEquals(151, predict.stdoutLines().size(), predict::describe);
        assertEquals(0, evaluate.exitCode(), evaluate::describe);
        NnProcess.Result document = NnProcess.in(home).runProgram(nn, "train", "examples/document.yaml");
        assertEquals(0, document.exitCode(), document::describe);
        for (String spec : specs) {
            boolean fashion = spec.startsWith("fashion-mnist");
            if (fashion && !Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))) {
                continue; // its data comes from a package, as examples/data/README.md says
            }
            NnProcess.Result validate = NnProcess.in(home).runProgram(nn, "validate", "examples/" + spec);
            assertEquals(0, validate.exitCode(), validate::describe);
        }
    }

    @Test
    void theCompletionScriptInTheTarballCompletesCommandsOptionsAndValues(@TempDir Path work) throws Exception {
        Path home = unpack(work);
        Path script = home.resolve("completion/nn.bash");
        assertTrue(Files.isRegularFile(script), "no completion/nn.bash");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash");
        Path test = Files.writeString(work.resolve("complete.sh"), """
                source "$1"
                complete -p nn
                complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                  COMPREPLY=(); _complete_nn 2>/dev/null; echo "${COMPREPLY[*]}"; }
                complete_words nn ""
                complete_words nn tr
                complete_words nn train --pro
                complete_words nn train --progress ""
                complete_words nn help ""
                """);

        NnProcess.Result run = NnProcess.in(work).runProgram(Path.of("/bin/bash"), test.toString(),
                script.toString());

        assertEquals(0, run.exitCode(), run::describe);
        List<String> lines = run.stdoutLines();
        assertEquals("complete -o default -F _complete_nn nn", lines.get(0), run::describe);
        assertEquals(List.of("train", "predict", "evaluate", "export", "validate", "summary", "config", "gradcheck",
                "plugins", "plot", "completion", "help"), List.of(lines.get(1).split(" ")), run::describe);
        assertEquals("train", lines.get(2), run::describe);
        assertEquals("--progress", lines.get(3), run::describe);
        assertEquals("auto bar lines", lines.get(4), run::describe);
        assertTrue(lines.get(5).contains("train"), run::describe);
    }

    private static Path unpack(Path work) throws Exception {
        Path tarball = NnProcess.distribution().getParent().getParent().resolve("nn.tar.gz");
        assertTrue(Files.isRegularFile(tarball), "no " + tarball);
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString()).directory(work.toFile())
                .redirectErrorStream(true).start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar xzf " + tarball + " failed");
        return work.resolve("nn");
    }

    @Test
    void theFolderDistributionStartsWithItsArchive(@TempDir Path work) {
        Path spec = NnProcess.repository().resolve("examples/document.yaml");

        NnProcess.Result run = NnProcess.in(work).env("NN_JAVA_OPTS", SHARING_REQUIRED)
                .run("validate", spec.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().startsWith(spec + ": valid: "), run::describe);
    }

    @Test
    void theArchiveBuilderSaysWhyWhenItCannot(@TempDir Path work) {
        Path missing = work.resolve("absent.yaml");

        NnProcess.Result run = NnProcess.in(work)
                .runProgram(NnProcess.distribution().resolve("bin/nn-start-up-archive"), missing.toString());

        assertEquals(1, run.exitCode(), run::describe);
        assertTrue(run.stderr().startsWith("nn-start-up-archive: no archive built (no spec " + missing + ")"),
                run::describe);
    }
}

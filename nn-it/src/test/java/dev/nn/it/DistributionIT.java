package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

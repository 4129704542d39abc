package dev.nn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelIntegrityTest {
    private static final String SAVED = """
            input: 1
            layers:
              - units: 1
                weights: [[0.25]]
                bias: [-0.5]
            loss: mse
            optimizer: sgd
            training:
              epochs: 1
            metadata:
              provenance:
                seed: 0
            """;

    @TempDir
    Path folder;

    private final SpecLoader loader = new SpecLoader();

    @Test
    void aSealedFileIsIntactAndLoads() throws IOException {
        byte[] sealed = ModelIntegrity.seal(SAVED.getBytes(StandardCharsets.UTF_8));

        assertEquals(ModelIntegrity.Verdict.INTACT, ModelIntegrity.verify(sealed));
        Path file = write("model.yaml", sealed);
        assertEquals(0.25, loader.load(file).spec().layers().get(0).weights()[0][0]);
    }

    @Test
    void whatTheSpecWriterWritesIsSealed() throws IOException {
        ModelSpec spec = loader.parse(Path.of("in.yaml"), "in.yaml", SAVED).spec();
        Path file = folder.resolve("written.yaml");

        new SpecWriter().write(spec, file);

        byte[] written = Files.readAllBytes(file);
        assertTrue(new String(written, StandardCharsets.UTF_8).startsWith("# integrity: sha256:"));
        assertEquals(ModelIntegrity.Verdict.INTACT, ModelIntegrity.verify(written));
        assertEquals(0.25, loader.load(file).spec().layers().get(0).weights()[0][0]);
    }

    @Test
    void everyCutOfASealedFileIsDamaged() {
        byte[] sealed = ModelIntegrity.seal(SAVED.getBytes(StandardCharsets.UTF_8));

        for (int length = 1; length < sealed.length; length++) {
            assertEquals(ModelIntegrity.Verdict.DAMAGED, ModelIntegrity.verify(Arrays.copyOf(sealed, length)),
                    "cut at " + length);
        }
    }

    @Test
    void everyChangedByteOfASavedModelIsRefused() throws IOException {
        byte[] sealed = ModelIntegrity.seal(SAVED.getBytes(StandardCharsets.UTF_8));

        for (int i = 0; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            Path file = write("changed.yaml", changed);
            SpecException e = assertThrows(SpecException.class, () -> loader.load(file), "byte " + i);
            assertTrue(e.getMessage().contains("the file is damaged or was edited"), "byte " + i + ": " + e);
        }
    }

    @Test
    void aSpecWithoutTheLineIsNotChecked() {
        assertEquals(ModelIntegrity.Verdict.ABSENT, ModelIntegrity.verify("# my spec\ninput: 1\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(ModelIntegrity.Verdict.ABSENT, ModelIntegrity.verify(new byte[0]));
    }

    @Test
    void aDamagedFileIsRefusedBeforeItIsParsed() throws IOException {
        byte[] sealed = ModelIntegrity.seal(SAVED.getBytes(StandardCharsets.UTF_8));
        String text = new String(sealed, StandardCharsets.UTF_8).replace("0.25", "0.35");
        Path file = write("model.yaml", text.getBytes(StandardCharsets.UTF_8));

        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, "model.yaml"));

        assertEquals("model.yaml: the file is damaged or was edited: its integrity check (sha256) does not match; "
                + "retrain or restore it", e.problems().get(0).toString());
    }

    @Test
    void aSavedModelWithoutItsLineIsRefused() throws IOException {
        Path file = write("model.yaml", SAVED.getBytes(StandardCharsets.UTF_8));

        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, "model.yaml"));

        assertTrue(e.problems().get(0).message().startsWith("the file is damaged or was edited: it is a saved "
                + "model (it has metadata.provenance) but its integrity line"), e.getMessage());
    }

    @Test
    void aSavedModelWithoutLineAndProvenanceIsAnOrdinarySpec() throws IOException {
        String edited = SAVED.substring(0, SAVED.indexOf("metadata:")) + "metadata:\n  classes: [a]\n";
        Path file = write("model.yaml", edited.getBytes(StandardCharsets.UTF_8));

        assertEquals(java.util.List.of("a"), loader.load(file).spec().metadata().classes());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }
}

package dev.nn.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SpecLoaderTest {
    private static final String VALID = """
            version: 1
            name: tiny
            seed: 7
            input: 2
            layers:
              - units: 3
                activation: tanh
              - units: 1
                activation: {name: leaky, alpha: 0.5}
                init: zeros
                bias: [0.25]
            loss: half_se
            optimizer: {name: sgd, learning_rate: 0.1, momentum: 0.9}
            training:
              epochs: 5
              batch_size: 2
              shuffle: true
            data:
              train:
                inputs: [[0, 1], [1, 0], [1, 1]]
                targets: [[1], [0], [0.5]]
            """;

    @TempDir
    Path folder;

    private final SpecLoader loader = new SpecLoader();

    @Test
    void aValidSpecBindsEveryField() throws IOException {
        Path file = write("valid.yaml", VALID);

        LoadedSpec loaded = loader.load(file, "valid.yaml");
        ModelSpec spec = loaded.spec();

        assertEquals(1, spec.version());
        assertEquals("tiny", spec.name());
        assertEquals(7L, spec.seed());
        assertEquals(2, spec.input());
        assertEquals(2, spec.layers().size());
        assertEquals(3, spec.layers().get(0).units());
        assertNull(spec.layers().get(0).type());
        assertNull(spec.layers().get(0).weights());
        assertArrayEquals(new double[] {0.25}, spec.layers().get(1).bias());
        assertEquals(ComponentRef.named("zeros"), spec.layers().get(1).init());
        assertEquals(ComponentRef.named("half_se"), spec.loss());
        assertEquals(file, loaded.file());
        assertEquals("valid.yaml", loaded.displayName());
    }

    @Test
    void aBareNameAndAMappingBothBindAsComponents() {
        ModelSpec spec = parse(VALID);

        ComponentRef tanh = spec.layers().get(0).activation();
        ComponentRef leaky = spec.layers().get(1).activation();
        ComponentRef sgd = spec.optimizer();

        assertEquals("tanh", tanh.name());
        assertEquals(Map.of(), tanh.parameters());
        assertEquals("leaky", leaky.name());
        assertEquals(Map.of("alpha", 0.5), leaky.parameters());
        assertEquals("sgd", sgd.name());
        assertEquals(List.of("learning_rate", "momentum"), List.copyOf(sgd.parameters().keySet()));
    }

    @Test
    void snakeCaseBatchSizeAndTheDataBind() {
        ModelSpec spec = parse(VALID);

        assertEquals(new TrainingSpec(5, 2, true), spec.training());
        assertArrayEquals(new double[] {1, 0}, spec.data().train().inputs()[1]);
        assertArrayEquals(new double[] {0.5}, spec.data().train().targets()[2]);
    }

    @Test
    void theLocatorPlacesKeysOfTheValidSpec() {
        LoadedSpec loaded = loader.parse(Path.of("valid.yaml"), "valid.yaml", VALID);

        SpecProblem problem = loaded.problem("layers[1].activation", "x");

        assertEquals(9, problem.line());
        assertEquals(5, problem.column());
        assertEquals("the number 0.1", loaded.found("optimizer.learning_rate"));
        assertEquals("nothing", loaded.found("training.absent"));
        assertEquals("valid.yaml:9:5: layers[1].activation: x", problem.toString());
    }

    @Test
    void anUnknownKeyInTrainingSuggestsTheSnakeCaseName() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: 3
                  batchsize: 2
                """);

        assertEquals(4, problem.line());
        assertEquals(3, problem.column());
        assertEquals("training.batchsize", problem.path());
        assertTrue(problem.message().startsWith("unknown key 'batchsize'; did you mean 'batch_size'?; valid keys here: "
                + "batch_size, "), problem.message());
        assertTrue(problem.message().contains("epochs") && problem.message().contains("shuffle"), problem.message());
        assertFalse(problem.message().contains("batchSize"), problem.message());
    }

    @Test
    void trainingCheckpointIsReadWithItsThreeKeys() throws Exception {
        Path file = folder.resolve("checkpointed.yaml");
        java.nio.file.Files.writeString(file, """
                input: 2
                training:
                  epochs: 3
                  checkpoint: {dir: ckpt, every_epochs: 2, keep: 4}
                """);

        assertEquals(new CheckpointSpec("ckpt", 2, 4), loader.load(file).spec().training().checkpoint());
    }

    @Test
    void anUnknownKeyInTrainingCheckpointListsItsKeys() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: 3
                  checkpoint:
                    every: 2
                """);

        assertEquals(5, problem.line());
        assertEquals(5, problem.column());
        assertEquals("training.checkpoint.every", problem.path());
        assertTrue(problem.message().startsWith("unknown key 'every'"), problem.message());
        assertTrue(problem.message().endsWith("valid keys here: dir, every_epochs, keep"), problem.message());
    }

    @Test
    void aStringWhereCheckpointKeepsCountBelongsIsPlacedAtItsValue() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: 3
                  checkpoint: {keep: "three"}
                """);

        assertEquals(4, problem.line());
        assertEquals("training.checkpoint.keep", problem.path());
        assertTrue(problem.message().contains("three"), problem.message());
    }

    @Test
    void anUnknownTopLevelKeyWithoutNearNameListsTheValidKeys() {
        SpecProblem problem = onlyProblem("""
                input: 2
                colour: blue
                """);

        assertEquals(2, problem.line());
        assertEquals(1, problem.column());
        assertEquals("colour", problem.path());
        assertTrue(problem.message().startsWith("unknown key 'colour'; valid keys here: data, dtype, input, layers, loss, "),
                problem.message());
        for (String key : List.of("name", "optimizer", "seed", "training", "version")) {
            assertTrue(problem.message().contains(key), problem.message());
        }
        assertFalse(problem.message().contains("did you mean"), problem.message());
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 4.7
                """);

        assertEquals(3, problem.line());
        assertEquals(5, problem.column());
        assertEquals("layers[0].units", problem.path());
        assertEquals("expected a whole number but found the number 4.7", problem.message());
    }

    @Test
    void aQuotedNumberIsAStringNotANumber() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: "4"
                """);

        assertEquals(3, problem.line());
        assertEquals("layers[0].units", problem.path());
        assertEquals("expected a whole number but found the string \"4\"", problem.message());
    }

    @Test
    void aStringInANumberListIsRejectedAtThatElement() {
        SpecProblem problem = onlyProblem("""
                input: 2
                data:
                  train:
                    inputs: [[0, "1"]]
                """);

        assertEquals(4, problem.line());
        assertEquals("data.train.inputs[0][1]", problem.path());
        assertTrue(problem.message().endsWith("but found the string \"1\""), problem.message());
    }

    @Test
    void aNullInANumberListIsRejectedAtThatElement() {
        SpecProblem problem = onlyProblem("""
                input: 2
                data:
                  train:
                    inputs: [[0, 1], [1, null]]
                """);

        assertEquals(4, problem.line());
        assertEquals("data.train.inputs[1][1]", problem.path());
        assertTrue(problem.message().endsWith("but found null"), problem.message());
    }

    @Test
    void aBadElementOfANumberListSaysANumberWasExpected() {
        SpecProblem nullElement = onlyProblem("input: 2\ndata:\n  train:\n    inputs: [[0, 1], [1, null]]\n");
        SpecProblem stringElement = onlyProblem("input: 2\ndata:\n  train:\n    inputs: [[0, \"1\"]]\n");

        assertEquals("expected a number but found null", nullElement.message());
        assertEquals("expected a number but found the string \"1\"", stringElement.message());
    }

    @Test
    void aWholeNumberTooLargeForItsKeyIsRejectedAtThatKey() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 99999999999
                """);

        assertEquals(3, problem.line());
        assertEquals("layers[0].units", problem.path());
        assertTrue(problem.message().startsWith("expected a whole number"), problem.message());
        assertTrue(problem.message().endsWith("but found the number 99999999999"), problem.message());
    }

    @Test
    void aComponentThatIsNeitherANameNorAMappingIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                loss: 5
                """);

        assertEquals(2, problem.line());
        assertEquals("loss", problem.path());
        assertEquals("expected a name or a mapping with 'name' but found the number 5", problem.message());
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 3
                    activation: tanh
                    units: 4
                """);

        assertEquals(5, problem.line());
        assertEquals(5, problem.column());
        assertEquals("layers[0].units", problem.path());
        assertTrue(problem.message().startsWith("duplicate key 'units'"), problem.message());
        assertTrue(problem.message().contains("first given at line 3"), problem.message());
    }

    @Test
    void aDuplicateMappingKeyNamesBothLines() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: 3
                loss: half_se
                training:
                  epochs: 4
                """);

        assertEquals(5, problem.line());
        assertEquals("training", problem.path());
        assertTrue(problem.message().contains("duplicate key 'training'"), problem.message());
        assertTrue(problem.message().contains("line 2"), problem.message());
    }

    @Test
    void aDuplicateKeyIsRejectedOnItsLine() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 3
                    activation: tanh
                    units: 4
                """);

        assertEquals(5, problem.line());
        assertTrue(problem.message().toLowerCase(java.util.Locale.ROOT).contains("duplicate"), problem.message());
        assertTrue(problem.message().contains("'units'"), problem.message());
    }

    @Test
    void yamlOneOneBooleanIsAmbiguous() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: 3
                  shuffle: yes
                """);

        assertEquals(4, problem.line());
        assertEquals(12, problem.column());
        assertEquals("training.shuffle", problem.path());
        assertTrue(problem.message().startsWith("'yes' is ambiguous"), problem.message());
        assertTrue(problem.message().contains("true or false"), problem.message());
    }

    @Test
    void aLeadingZeroNumberIsNotAPlainDecimal() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: 017
                """);

        assertEquals(3, problem.line());
        assertEquals(11, problem.column());
        assertEquals("training.epochs", problem.path());
        assertTrue(problem.message().contains("expected a plain decimal number but found '017'"), problem.message());
    }

    @Test
    void hexadecimalAndUnderscoredNumbersAreNotPlainDecimals() {
        List<SpecProblem> problems = problems("""
                input: 0x10
                seed: 1_000
                """);

        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).message().contains("'0x10'"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("'1_000'"), problems.get(1).message());
    }

    @Test
    void anAliasIsRejected() {
        List<SpecProblem> problems = problems("""
                input: 2
                training:
                  epochs: &x 5
                  batch_size: *x
                """);

        SpecProblem alias = problems.stream().filter(p -> p.message().contains("alias")).findFirst().orElseThrow(
                () -> new AssertionError(problems.toString()));
        assertEquals(4, alias.line());
        assertEquals(15, alias.column());
        assertEquals("training.batch_size", alias.path());
        assertTrue(alias.message().contains("*x"), alias.message());
    }

    @Test
    void anAnchorOnAMappingIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training: &t
                  epochs: 5
                """);

        assertEquals(2, problem.line());
        assertEquals("training", problem.path());
        assertTrue(problem.message().contains("anchors (&t)"), problem.message());
    }

    @Test
    void anAnchorOnAScalarIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                training:
                  epochs: &x 5
                """);

        assertEquals(3, problem.line());
        assertEquals("training.epochs", problem.path());
        assertTrue(problem.message().contains("anchors (&x)"), problem.message());
    }

    @Test
    void aTagIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                name: !!str tiny
                """);

        assertEquals(2, problem.line());
        assertEquals("name", problem.path());
        assertTrue(problem.message().contains("tags") && problem.message().contains("str"), problem.message());
    }

    @Test
    void aSecondDocumentIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                loss: half_se
                ---
                input: 3
                """);

        assertTrue(problem.line() == 3 || problem.line() == 4, problem::toString);
        assertTrue(problem.message().contains("second YAML document"), problem.message());
    }

    @Test
    void malformedYamlPointsAtTheOffendingLineAndColumn() {
        SpecProblem problem = onlyProblem("""
                name: tiny
                input: 2
                loss: half_se: x
                optimizer: sgd
                """);

        assertEquals(3, problem.line());
        assertEquals(14, problem.column());
        assertEquals("", problem.path());
        assertTrue(problem.message().startsWith("malformed YAML: mapping values are not allowed"), problem.message());
    }

    @Test
    void aTabIndentationPointsAtItsLine() {
        SpecProblem problem = onlyProblem("input: 2\nlayers:\n\t- units: 3\nloss: half_se\n");

        assertEquals(3, problem.line());
        assertTrue(problem.message().startsWith("malformed YAML"), problem.message());
    }

    @Test
    void severalProblemsAreReportedTogether() {
        List<SpecProblem> problems = problems("""
                input: 2
                seed: 0x10
                training:
                  epochs: 017
                  shuffle: off
                """);

        assertEquals(3, problems.size(), problems::toString);
        assertEquals(List.of(2, 4, 5), problems.stream().map(SpecProblem::line).toList());
        assertEquals(List.of("seed", "training.epochs", "training.shuffle"),
                problems.stream().map(SpecProblem::path).toList());
    }

    @Test
    void anEmptyFileSaysItIsEmpty() throws IOException {
        for (String text : List.of("", "  \n\n")) {
            Path file = write("empty.yaml", text);

            SpecException e = assertThrows(SpecException.class, () -> loader.load(file, "empty.yaml"));

            SpecProblem problem = e.problems().get(0);
            assertEquals(1, e.problems().size());
            assertEquals("empty.yaml", problem.file());
            assertEquals(0, problem.line());
            assertTrue(problem.message().startsWith("the file is empty"), problem.message());
            assertTrue(e.getMessage().startsWith("empty.yaml: the file is empty"), e.getMessage());
        }
    }

    @Test
    void aFileOfOnlyCommentsIsNotASpec() {
        SpecProblem problem = onlyProblem("# a spec will go here\n");

        assertEquals("", problem.path());
        assertTrue(problem.message().contains("empty") || problem.message().endsWith("but found nothing"),
                problem.message());
    }

    @Test
    void aListAtTheTopIsNotASpec() {
        SpecProblem problem = onlyProblem("- 1\n- 2\n");

        assertEquals(1, problem.line());
        assertTrue(problem.message().startsWith("expected a ") && problem.message().contains("mapping"),
                problem.message());
        assertTrue(problem.message().endsWith("but found a list"), problem.message());
    }

    @Test
    void nonUtf8BytesAreReportedWithTheirOffsetAndLine() throws IOException {
        Path file = folder.resolve("latin1.yaml");
        byte[] head = "input: 2\nname: caf".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9;
        bytes[head.length + 1] = '\n';
        Files.write(file, bytes);

        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, "latin1.yaml"));

        SpecProblem problem = e.problems().get(0);
        assertEquals(2, problem.line());
        assertEquals("the file is not UTF-8 text: invalid byte 0xE9 at byte offset 18", problem.message());
    }

    @Test
    void aDirectoryIsNotASpecFile() {
        SpecException e = assertThrows(SpecException.class, () -> loader.load(folder, "specs"));

        SpecProblem problem = e.problems().get(0);
        assertEquals("specs", problem.file());
        assertEquals(0, problem.line());
        assertTrue(problem.message().contains("is a directory"), problem.message());
    }

    @Test
    void csvTargetsNamingColumnsBindAsAParameterOfTheFormat() throws IOException {
        Path file = write("csv.yaml", VALID.replace("""
                    inputs: [[0, 1], [1, 0], [1, 1]]
                    targets: [[1], [0], [0.5]]
                """, """
                    {format: csv, path: data.csv, targets: [price, volume]}
                """).replace("  train:\n    {", "  train: {"));

        DataSetSpec train = loader.load(file, "csv.yaml").spec().data().train();

        assertEquals("csv", train.format());
        assertNull(train.targets());
        assertEquals(List.of("price", "volume"), train.parameters().get("targets"));
    }

    @Test
    void inlineTargetsStillNeedNumbersAtTheirElement() throws IOException {
        Path file = write("bad.yaml", VALID.replace("targets: [[1], [0], [0.5]]", "targets: [[1], [zero], [0.5]]"));

        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, "bad.yaml"));

        SpecProblem problem = e.problems().get(0);
        assertEquals("data.train.targets[1][0]", problem.path());
        assertEquals("expected a number but found the string \"zero\"", problem.message());
    }

    @Test
    void aSpecOfNulBytesOrADeviceIsNamedForWhatItIs() throws IOException {
        Path zeros = Files.write(folder.resolve("zeros.yaml"), new byte[300]);

        SpecException nul = assertThrows(SpecException.class, () -> loader.load(zeros, "zeros.yaml"));

        assertEquals("zeros.yaml: holds only NUL bytes (300 bytes); expected a spec file (YAML)", nul.getMessage());
        if (Files.exists(Path.of("/dev/null"))) {
            SpecException device = assertThrows(SpecException.class, () -> loader.load(Path.of("/dev/null")));
            assertEquals("/dev/null: is a character device; expected a regular file", device.getMessage());
        }
    }

    @Test
    void aLineBreakInAFileNameOrAStringStaysEscapedOnOneLine() throws IOException {
        Path file = write("line.yaml", VALID.replace("name: tiny", "name: tiny").replace("seed: 7",
                "seed: \"7\\n8\""));

        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, "line\n.yaml"));

        String text = e.problems().get(0).toString();
        assertEquals("line\\n.yaml:3:1: seed: expected a whole number but found the string \"7\\n8\"", text);
    }

    @Test
    void aMissingFileSaysSo() {
        SpecException e = assertThrows(SpecException.class,
                () -> loader.load(folder.resolve("absent.yaml"), "absent.yaml"));

        assertEquals("absent.yaml: no such file", e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    private ModelSpec parse(String text) {
        return loader.parse(Path.of("spec.yaml"), "spec.yaml", text).spec();
    }

    private List<SpecProblem> problems(String text) {
        SpecException e = assertThrows(SpecException.class,
                () -> loader.parse(Path.of("spec.yaml"), "spec.yaml", text));
        for (SpecProblem problem : e.problems()) {
            assertEquals("spec.yaml", problem.file());
        }
        return e.problems();
    }

    private SpecProblem onlyProblem(String text) {
        List<SpecProblem> problems = problems(text);
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }
}

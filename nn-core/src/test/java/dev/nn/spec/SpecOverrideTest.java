package dev.nn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SpecOverrideTest {
    private static final String SPEC = """
            input: 2
            layers:
              - units: 3
                activation: tanh
              - units: 1
            loss: mse
            optimizer: {name: sgd, learning_rate: 0.1}
            training:
              epochs: 5
            """;

    @TempDir
    Path folder;

    private LoadedSpec load(String... overrides) throws IOException {
        Path file = folder.resolve("spec.yaml");
        Files.writeString(file, SPEC);
        return new SpecLoader().withOverrides(Arrays.stream(overrides).map(SpecOverride::parse).toList())
                .load(file, "spec.yaml");
    }

    private List<String> problems(String... overrides) {
        SpecException e = assertThrows(SpecException.class, () -> load(overrides));
        return e.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aKeyPathIsReadIntoKeysAndIndices() {
        SpecOverride override = SpecOverride.parse("layers[1].units=64");

        assertEquals(List.of("layers", 1, "units"), override.path());
        assertEquals("64", override.value());
        assertEquals("layers[1].units", override.keyPath());
    }

    @Test
    void onlyTheFirstEqualsSignSeparatesTheValue() {
        assertEquals("a=b", SpecOverride.parse("name=a=b").value());
    }

    @Test
    void anArgumentWithoutEqualsSignIsRefusedNamingIt() {
        SpecException e = assertThrows(SpecException.class, () -> SpecOverride.parse("training.epochs"));

        assertEquals("--set training.epochs (from the command line): expected KEY=VALUE, e.g. --set "
                + "training.epochs=5", e.problems().get(0).toString());
    }

    @Test
    void aMalformedKeyPathIsRefused() {
        for (String argument : List.of("layers[x].units=3", "=3", "training..epochs=3", "layers[-1]=3", "1a=2")) {
            SpecException e = assertThrows(SpecException.class, () -> SpecOverride.parse(argument), argument);
            assertEquals(true, e.getMessage().contains("is not of the form a.b[0].c")
                    || e.getMessage().contains("is empty"), e.getMessage());
        }
    }

    @Test
    void valuesReplaceTheFilesAndAreTypedLikeIt() throws IOException {
        ModelSpec spec = load("training.epochs=7", "optimizer.learning_rate=0.01", "layers[0].units=64",
                "layers[1].activation={name: leaky_relu, alpha: 0.2}").spec();

        assertEquals(7, spec.training().epochs());
        assertEquals(0.01, spec.optimizer().parameters().get("learning_rate"));
        assertEquals(64, spec.layers().get(0).units());
        assertEquals(new ComponentRef("leaky_relu", Map.of("alpha", 0.2)), spec.layers().get(1).activation());
    }

    @Test
    void missingMappingsOnTheWayAreCreated() throws IOException {
        ModelSpec spec = load("training.early_stopping.patience=3", "seed=11").spec();

        assertEquals(3, spec.training().earlyStopping().patience());
        assertEquals(11L, spec.seed());
    }

    @Test
    void aFlowMappingIsOneValue() throws IOException {
        EarlyStoppingSpec rule = load("training.early_stopping={monitor: loss, patience: 3}").spec().training()
                .earlyStopping();

        assertEquals(new EarlyStoppingSpec("loss", 3, null, null), rule);
    }

    @Test
    void laterOverridesWin() throws IOException {
        assertEquals(9, load("training.epochs=8", "training.epochs=9").spec().training().epochs());
    }

    @Test
    void anUnknownKeyIsPlacedOnTheCommandLine() {
        List<String> problems = problems("training.epoch=5");

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith("--set training.epoch=5 (from the command line): unknown key "
                + "'epoch'; did you mean 'epochs'?; valid keys here: batch_size, "), problems.get(0));
    }

    @Test
    void aValueOfTheWrongTypeIsPlacedOnTheCommandLineNotAtTheFilesKey() {
        assertEquals(List.of("--set training.epochs=many (from the command line): expected a whole number but found "
                + "the string \"many\""), problems("training.epochs=many"));
    }

    @Test
    void aWrongValueInsideAFlowMappingNamesItsKey() {
        assertEquals(List.of("--set training.early_stopping={patience: 2.5} (from the command line): "
                + "training.early_stopping.patience: expected a whole number but found the number 2.5"),
                problems("training.early_stopping={patience: 2.5}"));
    }

    @Test
    void anIndexPastTheEndOfAListIsOneMessage() {
        assertEquals(List.of("--set layers[9].units=3 (from the command line): layers has 2 elements (layers[0] to "
                + "layers[1]); there is no layers[9]"), problems("layers[9].units=3"));
    }

    @Test
    void aKeyUnderAListNamesAnElementToChoose() {
        assertEquals(List.of("--set layers.units=3 (from the command line): cannot set key 'units' in layers: it is "
                + "a list, not a mapping; choose an element, e.g. layers[0].units"), problems("layers.units=3"));
    }

    @Test
    void anAmbiguousYamlValueIsRefusedAsInAFile() {
        assertEquals(List.of("--set training.shuffle=yes (from the command line): 'yes' is ambiguous (YAML 1.1 reads "
                + "it as a boolean): write true or false, or quote it"), problems("training.shuffle=yes"));
    }

    @Test
    void anEmptyValueIsAnExplicitNull() {
        assertEquals(List.of("--set training.epochs= (from the command line): expected a whole number but found "
                + "null"), problems("training.epochs="));
    }

    @Test
    void aValueThatIsNotYamlIsRefused() {
        List<String> problems = problems("training={epochs: 3");

        assertEquals(1, problems.size());
        assertEquals(true, problems.get(0).startsWith("--set training={epochs: 3 (from the command line): the value "
                + "is not well-formed YAML"), problems.get(0));
    }

    @Test
    void theFilesOwnProblemsAndTheBindingProblemsAfterThemAreAllReportedWithOrWithoutOverrides()
            throws IOException {
        Path file = folder.resolve("bad.yaml");
        Files.writeString(file, SPEC.replace("epochs: 5", "epochs: 5\n  shuffle: yes").replace("units: 3", "units: 3.5"));

        for (List<SpecOverride> overrides : List.of(List.<SpecOverride>of(), List.of(SpecOverride.parse("seed=1")))) {
            SpecException e = assertThrows(SpecException.class,
                    () -> new SpecLoader().withOverrides(overrides).load(file, "bad.yaml"));
            assertEquals(List.of("bad.yaml:3:5: layers[0].units: expected a whole number but found the number 3.5",
                    "bad.yaml:10:12: training.shuffle: 'yes' is ambiguous (YAML 1.1 reads it as a boolean): write "
                            + "true or false, or quote it"),
                    e.problems().stream().map(SpecProblem::toString).toList(), overrides.toString());
        }
    }

    @Test
    void problemsFoundWhenTheSpecIsUsedArePlacedOnTheCommandLine() throws IOException {
        LoadedSpec loaded = load("training.epochs=0");

        assertEquals("--set training.epochs=0 (from the command line): expected a whole number >= 1 but found 0",
                loaded.problem("training.epochs", "expected a whole number >= 1 but found 0").toString());
        assertEquals("spec.yaml:9:3: training.epochs: x", load().problem("training.epochs", "x").toString());
    }
}

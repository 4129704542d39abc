package dev.nn.model;

import java.util.Map;
import dev.nn.spec.TrainingSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.EarlyStoppingSpec;
import dev.nn.spec.ComponentRef;
import dev.nn.network.Network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn.layers.DenseLayerProvider;
import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.optimizers.SgdProvider;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.InitializerProvider;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import dev.nn.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class ModelAssemblerTest {
    private static final String DATA = """
            data:
              train:
                inputs: [[0, 1], [1, 0], [1, 1]]
                targets: [[1], [0], [0]]
            """;

    private final ModelAssembler assembler = new ModelAssembler(TestComponents.registry());

    @Test
    void assemblesAValidSpec() {
        Model model = assemble("""
                name: small
                input: 2
                layers:
                  - units: 3
                    activation: tanh
                  - units: 1
                loss: half_se
                optimizer: {name: sgd, learning_rate: 0.5}
                training:
                  epochs: 4
                """ + DATA, DataRequirement.REQUIRED);

        Network network = model.network();
        assertEquals(2, network.inputSize());
        assertEquals(1, network.outputSize());
        assertEquals(List.of("W1", "b1", "W2", "b2"), network.parameters().stream().map(p -> p.name()).toList());
        assertEquals("3x2", network.parameters().get(0).value().shape());
        assertEquals("1x3", network.parameters().get(1).value().shape());
        assertEquals(2 * 3 + 3 + 3 * 1 + 1, network.parameterCount());
        assertSame(TestComponents.TANH, network.layers().get(0).outputActivation().orElseThrow());
        assertSame(TestComponents.IDENTITY, network.layers().get(1).outputActivation().orElseThrow());
        assertSame(TestComponents.HALF_SQUARED_ERROR, network.loss());
        assertEquals(3, model.train().orElseThrow().size());
        assertEquals(new TrainingSettings(4, 3, false, 0), model.training());
        assertEquals("small", model.name());
    }

    @Test
    void theResolvedSpecWritesOutEveryDefaultTheComponentsAndTrainingUsed() {
        Model model = assemble("""
                input: 2
                layers:
                  - units: 3
                    activation: tanh
                  - {type: dropout}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 4
                  early_stopping: {monitor: loss}
                """ + DATA, DataRequirement.REQUIRED);

        ModelSpec resolved = model.resolvedSpec();

        assertEquals(1, resolved.version());
        assertEquals("model", resolved.name(), "the file name, as Model.name() says");
        assertEquals(0L, resolved.seed());
        assertEquals(new ComponentRef("sgd", Map.of("learning_rate", 0.01, "momentum", 0.0, "nesterov", false,
                "weight_decay", 0.0)), resolved.optimizer());
        assertEquals("dense", resolved.layers().get(0).type());
        assertEquals(ComponentRef.named("glorot_uniform"), resolved.layers().get(0).init(),
                "tanh's preferred initialiser");
        assertEquals(ComponentRef.named("identity"), resolved.layers().get(2).activation());
        assertEquals("dropout", resolved.layers().get(1).type());
        assertEquals(Map.of("rate", 0.5), resolved.layers().get(1).options());
        assertEquals(new TrainingSpec(4, 3, false, null, new EarlyStoppingSpec("loss", 5, true, 0.0)),
                resolved.training(), "the whole set of 3 as one batch, not shuffled");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                  - units: 3
                    activation: tanhh
                  - units: 1
                    activation: sqaure
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 4
                """ + DATA, DataRequirement.REQUIRED));

        List<SpecProblem> problems = e.problems();
        assertEquals(2, problems.size(), problems::toString);
        assertEquals("layers[0].activation", problems.get(0).path());
        assertEquals(4, problems.get(0).line());
        assertTrue(problems.get(0).message().startsWith("unknown activation 'tanhh'; did you mean 'tanh'?"),
                problems.get(0).message());
        assertEquals("layers[1].activation", problems.get(1).path());
        assertEquals(6, problems.get(1).line());
        assertTrue(problems.get(1).message().contains("did you mean 'square'?"), problems.get(1).message());
        assertTrue(problems.get(1).message().contains("available: identity, leaky, linear, relu, square, tanh"),
                problems.get(1).message());
    }

    @Test
    void problemsOfDifferentPartsAreCollectedTogether() {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                  - units: 0
                loss: hinge
                optimizer: adam
                """, DataRequirement.REQUIRED));

        assertEquals(Set.of("layers[0].units", "loss", "optimizer", "data", "training"),
                e.problems().stream().map(SpecProblem::path).collect(Collectors.toSet()), e.problems()::toString);
        assertEquals(5, e.problems().size(), e.problems()::toString);
        SpecProblem units = e.problems().stream().filter(p -> p.path().equals("layers[0].units")).findFirst()
                .orElseThrow();
        assertEquals(3, units.line());
        assertTrue(units.message().contains(">= 1 but found 0"), units.message());
    }

    @Test
    void aWeightMatrixWithTooFewRowsIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 3
                    weights: [[1, 2], [3, 4]]
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """);

        assertEquals("layers[0].weights", problem.path());
        assertEquals(4, problem.line());
        assertEquals("expected 3 rows (one per unit) of 2 values (the layer's inputs) but found 2 rows",
                problem.message());
    }

    @Test
    void aWeightRowOfTheWrongLengthIsRejectedAtThatRow() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 2
                  - units: 2
                    weights:
                      - [1, 2]
                      - [3, 4, 5]
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """);

        assertEquals("layers[1].weights[1]", problem.path());
        assertEquals(7, problem.line());
        assertEquals("expected 2 values (the layer's inputs) but found 3", problem.message());
    }

    @Test
    void aBiasOfTheWrongLengthIsRejected() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 3
                    bias: [0.1]
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """);

        assertEquals("layers[0].bias", problem.path());
        assertEquals(4, problem.line());
        assertEquals("expected 3 values (one per unit) but found 1", problem.message());
    }

    @Test
    void givenWeightsAndBiasAreUsedAsWritten() {
        Model model = assemble("""
                input: 2
                layers:
                  - units: 2
                    weights: [[1, 2], [3, 4]]
                    bias: [0.5, -0.5]
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """, DataRequirement.OPTIONAL);

        assertEquals(Tensor.of(new double[][] {{1, 2}, {3, 4}}), model.network().parameters().get(0).value());
        assertEquals(Tensor.row(0.5, -0.5), model.network().parameters().get(1).value());
    }

    @Test
    void anUnknownParameterIsListedWithWhatTheComponentTakes() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                    activation: {name: leaky, alpa: 0.2}
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """);

        assertEquals("layers[0].activation.alpa", problem.path());
        assertEquals(4, problem.line());
        assertEquals("unknown parameter 'alpa' for activation 'leaky'; did you mean 'alpha'?; it takes: alpha",
                problem.message());
    }

    @Test
    void anUnknownOptimizerParameterListsEveryParameterItTakes() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: {name: sgd, rate: 0.1}
                training:
                  epochs: 1
                """);

        assertEquals("optimizer.rate", problem.path());
        assertTrue(problem.message().startsWith("unknown parameter 'rate' for optimizer 'sgd'; it takes: "),
                problem.message());
        assertTrue(problem.message().contains("learning_rate, momentum"), problem.message());
    }

    @Test
    void aParameterForAComponentWithoutParametersSaysItTakesNone() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                loss: {name: half_se, factor: 2}
                optimizer: sgd
                training:
                  epochs: 1
                """);

        assertEquals("loss.factor", problem.path());
        assertEquals("unknown parameter 'factor' for loss 'half_se'; it takes no parameters", problem.message());
    }

    @Test
    void anInvalidParameterValueIsPlacedAtThatParameter() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer:
                  name: sgd
                  learning_rate: -1
                training:
                  epochs: 1
                """);

        assertEquals("optimizer.learning_rate", problem.path());
        assertEquals(7, problem.line());
        assertEquals("optimizer 'sgd': expected a number > 0 but found -1.0", problem.message());
    }

    @Test
    void missingDataIsAProblemOnlyWhenDataIsRequired() {
        String spec = """
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """;

        Model model = assemble(spec, DataRequirement.OPTIONAL);
        SpecException e = assertThrows(SpecException.class, () -> assemble(spec, DataRequirement.REQUIRED));

        assertTrue(model.train().isEmpty());
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertEquals("data", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("missing required key 'data'"), e.getMessage());
    }

    @Test
    void dataOfTheWrongWidthIsRejected() {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                data:
                  train:
                    inputs: [[0, 1, 1], [1, 0, 1]]
                    targets: [[1, 0], [0, 1]]
                """, DataRequirement.OPTIONAL));

        List<SpecProblem> problems = e.problems();
        SpecProblem inputs = problems.stream().filter(p -> p.path().startsWith("data.train.inputs")).findFirst()
                .orElseThrow(() -> new AssertionError(problems.toString()));
        SpecProblem targets = problems.stream().filter(p -> p.path().startsWith("data.train.targets")).findFirst()
                .orElseThrow(() -> new AssertionError(problems.toString()));
        assertTrue(problems.stream().allMatch(p -> p.path().startsWith("data.train.")), problems::toString);
        assertEquals(10, inputs.line());
        assertTrue(inputs.message().startsWith("expected 2 ") && inputs.message().contains("(the spec's input)")
                && inputs.message().contains("3"), inputs.message());
        assertEquals(11, targets.line());
        assertTrue(targets.message().startsWith("expected 1 ") && targets.message().contains("(the last layer's units)")
                && targets.message().contains("2"), targets.message());
    }

    @Test
    void aRaggedDataRowIsRejectedAtThatRow() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                data:
                  train:
                    inputs:
                      - [0, 1]
                      - [1, 0, 1]
                    targets: [[1], [0]]
                """);

        assertEquals("data.train.inputs[1]", problem.path());
        assertEquals(12, problem.line());
        assertTrue(problem.message().startsWith("expected 2 values") && problem.message().endsWith("but found 3"),
                problem.message());
    }

    @Test
    void inputsAndTargetsMustHaveAsManyRows() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                data:
                  train:
                    inputs: [[0, 1], [1, 0]]
                    targets: [[1]]
                """);

        assertEquals("data.train.targets", problem.path());
        assertEquals("expected 2 rows (one per input row) but found 1", problem.message());
    }

    @Test
    void batchSizeDefaultsToTheWholeSetWithoutShuffling() {
        TrainingSettings settings = training("epochs: 3");

        assertEquals(3, settings.batchSize());
        assertFalse(settings.shuffle());
    }

    @Test
    void aBatchSmallerThanTheSetShufflesByDefault() {
        TrainingSettings settings = training("epochs: 3\n  batch_size: 2");

        assertEquals(2, settings.batchSize());
        assertTrue(settings.shuffle());
    }

    @Test
    void aBatchAsLargeAsTheSetOrLargerDoesNotShuffleByDefault() {
        assertFalse(training("epochs: 3\n  batch_size: 3").shuffle());
        assertFalse(training("epochs: 3\n  batch_size: 10").shuffle());
        assertEquals(10, training("epochs: 3\n  batch_size: 10").batchSize());
    }

    @Test
    void anExplicitShuffleWins() {
        assertFalse(training("epochs: 3\n  batch_size: 1\n  shuffle: false").shuffle());
        assertTrue(training("epochs: 3\n  shuffle: true").shuffle());
    }

    @Test
    void epochsAndBatchSizeMustBePositive() {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 0
                  batch_size: -2
                """ + DATA, DataRequirement.REQUIRED));

        assertEquals(List.of("training.epochs", "training.batch_size"),
                e.problems().stream().map(SpecProblem::path).toList());
        assertEquals(List.of(7, 8), e.problems().stream().map(SpecProblem::line).toList());
    }

    @Test
    void checkpointCountsMustBePositiveAndTheDirectoryNotEmpty() {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 2
                  checkpoint:
                    dir: ""
                    every_epochs: 0
                    keep: 0
                """ + DATA, DataRequirement.REQUIRED));

        assertEquals(List.of("training.checkpoint.dir", "training.checkpoint.every_epochs",
                "training.checkpoint.keep"), e.problems().stream().map(SpecProblem::path).toList());
        assertEquals(List.of(9, 10, 11), e.problems().stream().map(SpecProblem::line).toList());
        assertEquals("expected a whole number >= 1 but found 0", e.problems().get(2).message());
    }

    @Test
    void theSeedDefaultsToZero() {
        Model model = assemble("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """, DataRequirement.OPTIONAL);

        // identity declares nothing, so glorot_uniform: limit sqrt(6 / (2 + 1)); the draws are SplitMix64(0)'s
        // first two doubles, 0.8833108082136426 and 0.43152799704850997 (see SplitMix64Test).
        double limit = Math.sqrt(2);
        assertEquals(0L, model.training().seed());
        assertArrayEquals(new double[] {(2 * 0.8833108082136426 - 1) * limit, (2 * 0.43152799704850997 - 1) * limit},
                model.network().parameters().get(0).value().data(), 1e-15);
        assertArrayEquals(new double[] {0}, model.network().parameters().get(1).value().data());
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        String spec = """
                input: 2
                layers:
                  - units: 3
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """;

        Tensor seedZero = assemble(spec, DataRequirement.OPTIONAL).network().parameters().get(0).value();
        Tensor seedZeroAgain = assemble("seed: 0\n" + spec, DataRequirement.OPTIONAL).network().parameters().get(0)
                .value();
        Tensor seedFive = assemble("seed: 5\n" + spec, DataRequirement.OPTIONAL).network().parameters().get(0).value();

        assertEquals(seedZero, seedZeroAgain);
        assertFalse(seedZero.equals(seedFive));
        assertEquals(5L, assemble("seed: 5\n" + spec, DataRequirement.OPTIONAL).training().seed());
    }

    @Test
    void theInitialiserComesFromTheActivationWhenTheSpecNamesNone() {
        Initializer glorot = mock(Initializer.class);
        Initializer he = mock(Initializer.class);
        ModelAssembler withMocks = new ModelAssembler(TestComponents.registry(List.of(
                new DenseLayerProvider(), new SgdProvider(),
                TestComponents.activation("identity", TestComponents.IDENTITY),
                TestComponents.activation("relu", TestComponents.RELU),
                TestComponents.loss("half_se", TestComponents.HALF_SQUARED_ERROR),
                initializer("glorot_uniform", glorot), initializer("he_uniform", he))));

        withMocks.assemble(load("""
                input: 2
                layers:
                  - units: 3
                    activation: relu
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """), DataRequirement.OPTIONAL);

        verify(he).initialize(any(Tensor.class), eq(2), eq(3), any(RandomGenerator.class));
        verify(he, never()).initialize(any(Tensor.class), eq(3), eq(1), any(RandomGenerator.class));
        verify(glorot).initialize(any(Tensor.class), eq(3), eq(1), any(RandomGenerator.class));
        verify(glorot, never()).initialize(any(Tensor.class), eq(2), eq(3), any(RandomGenerator.class));
    }

    @Test
    void anInitialiserInTheSpecOverridesTheActivationsChoice() {
        Initializer glorot = mock(Initializer.class);
        Initializer he = mock(Initializer.class);
        ModelAssembler withMocks = new ModelAssembler(TestComponents.registry(List.of(
                new DenseLayerProvider(), new SgdProvider(),
                TestComponents.activation("relu", TestComponents.RELU),
                TestComponents.loss("half_se", TestComponents.HALF_SQUARED_ERROR),
                initializer("glorot_uniform", glorot), initializer("he_uniform", he))));

        withMocks.assemble(load("""
                input: 2
                layers:
                  - units: 3
                    activation: relu
                    init: glorot_uniform
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """), DataRequirement.OPTIONAL);

        verify(glorot).initialize(any(Tensor.class), eq(2), eq(3), any(RandomGenerator.class));
        verify(he, never()).initialize(any(Tensor.class), anyInt(), anyInt(), any(RandomGenerator.class));
    }

    @Test
    void givenWeightsAreNotInitialised() {
        Initializer glorot = mock(Initializer.class);
        ModelAssembler withMocks = new ModelAssembler(TestComponents.registry(List.of(
                new DenseLayerProvider(), new SgdProvider(),
                TestComponents.activation("identity", TestComponents.IDENTITY),
                TestComponents.loss("half_se", TestComponents.HALF_SQUARED_ERROR),
                initializer("glorot_uniform", glorot))));

        withMocks.assemble(load("""
                input: 1
                layers:
                  - units: 1
                    weights: [[2]]
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """), DataRequirement.OPTIONAL);

        verify(glorot, never()).initialize(any(Tensor.class), anyInt(), anyInt(), any(RandomGenerator.class));
    }

    @Test
    void aMissingNameFallsBackToTheFileName() {
        Model model = assemble("""
                input: 1
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """, DataRequirement.OPTIONAL);

        assertEquals("model", model.name());
    }

    @Test
    void anInvalidInputIsReportedOnceAndNotAgainForEveryWeightAndDataRow() {
        // Like an invalid 'units' (which is set aside once reported), an invalid 'input' should not be used as the
        // width that the first layer's weights and the data's inputs are checked against.
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 0
                layers:
                  - units: 1
                    weights: [[1, 2]]
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                data:
                  train:
                    inputs: [[0, 1], [1, 0]]
                    targets: [[1], [0]]
                """, DataRequirement.OPTIONAL));

        assertEquals(List.of("input"), e.problems().stream().map(SpecProblem::path).toList(),
                e.problems()::toString);
    }

    @Test
    void anUnknownLayerKeySuggestsTheNearestAndListsTheValidKeys() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 3
                    activaton: tanh
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """);

        assertEquals(4, problem.line());
        assertEquals(5, problem.column());
        assertEquals("layers[0].activaton", problem.path());
        assertEquals("unknown key 'activaton' for layer type 'dense'; did you mean 'activation'?; "
                + "valid keys here: activation, bias, init, type, units, weights", problem.message());
    }

    @Test
    void aMisspeltUnitsIsTheOneProblemNotAlsoTheMissingUnitsItCauses() {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                  - unit: 3
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """, DataRequirement.OPTIONAL));

        List<String> messages = e.problems().stream().map(SpecProblem::toString).toList();
        assertEquals(List.of("model.yaml:3:5: layers[0].unit: unknown key 'unit' for layer type 'dense'; did you mean "
                + "'units'?; valid keys here: activation, bias, init, type, units, weights"), messages);
    }

    @Test
    void anUnknownOptionOfALayerTypeIsPlacedAndListsTheOptionsItTakes() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - {type: dropout, rat: 0.2}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """);

        assertEquals("layers[0].rat", problem.path());
        assertEquals("unknown key 'rat' for layer type 'dropout'; did you mean 'rate'?; valid keys here: rate, type",
                problem.message());
    }

    @Test
    void aBadOptionValueIsPlacedAtTheOption() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - {type: dropout, rate: 1.0}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """);

        assertEquals("layers[0].rate", problem.path());
        assertEquals("layer type 'dropout': expected a number in [0, 1) but found 1.0", problem.message());
    }

    @Test
    void anUnknownSavedValueNamesTheValuesTheLayerHas() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - type: scale
                    parameters: {scal: [1, 2]}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """);

        assertEquals("layers[0].parameters.scal", problem.path());
        assertEquals("unknown parameter 'scal' for layer type 'scale'; did you mean 'scale'?; it has: scale, seen",
                problem.message());
    }

    @Test
    void aSavedValueOfTheWrongLengthIsPlaced() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - type: scale
                    state: {seen: [1, 2, 3]}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """);

        assertEquals("layers[0].state.seen", problem.path());
        assertEquals("expected 2 values but found 3", problem.message());
    }

    @Test
    void anActivationLayerPassesItsOtherOptionsToTheActivation() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - {type: activation, name: leaky, alfa: 0.2}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """);

        assertEquals("layers[0].alfa", problem.path());
        assertEquals("unknown key 'alfa' for layer type 'activation'; valid keys here: alpha, name, type",
                problem.message());
    }

    @Test
    void layersWithoutUnitsChainTheInputSize() {
        Model model = assemble("""
                input: 2
                layers:
                  - {type: activation, name: tanh}
                  - {type: dropout}
                  - units: 3
                  - {type: scale}
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """, DataRequirement.OPTIONAL);

        assertEquals(List.of(2, 2, 3, 3), model.network().layers().stream().map(l -> l.outputSize()).toList());
        assertEquals(List.of("W3", "b3", "scale4"), model.network().parameters().stream().map(p -> p.name())
                .toList());
    }

    private static InitializerProvider initializer(String name, Initializer initializer) {
        InitializerProvider provider = mock(InitializerProvider.class);
        when(provider.name()).thenReturn(name);
        when(provider.aliases()).thenReturn(List.of());
        when(provider.create(any(ComponentParameters.class))).thenReturn(initializer);
        return provider;
    }

    private TrainingSettings training(String training) {
        return assemble("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  %s
                """.formatted(training) + DATA, DataRequirement.REQUIRED).training();
    }

    @Test
    void metadataClassesThatDoNotFitTheLastLayerAreReportedAtTheKey() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 2
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                metadata:
                  classes: [a, b, c]
                """);

        assertEquals("metadata.classes", problem.path());
        assertEquals(9, problem.line());
        assertEquals(3, problem.column());
        assertEquals("names 3 classes but the last layer has 2 units (one per class, or one for two classes)",
                problem.message());
    }

    @Test
    void twoMetadataClassesFitASingleOutputButAClassNamedTwiceDoesNot() {
        String spec = """
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                metadata:
                  classes: [%s]
                """;

        assemble(spec.formatted("neg, pos"), DataRequirement.OPTIONAL);
        SpecProblem twice = onlyProblem(spec.formatted("neg, neg"));

        assertEquals("metadata.classes", twice.path());
        assertEquals("names class 'neg' twice; each class is one output", twice.message());
    }

    @Test
    void inlineTargetsNamingColumnsSayThatOnlyAFormatReadsColumns() {
        SpecProblem problem = onlyProblem("""
                input: 2
                layers:
                  - units: 1
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                data:
                  train:
                    inputs: [[0, 1]]
                    targets: [y]
                """);

        assertEquals("data.train.targets", problem.path());
        assertTrue(problem.message().startsWith("a list of column names is the csv format's targets"),
                problem.message());
    }

    @Test
    void aLayerWithMoreWeightsThanAnArrayHoldsIsRefusedBeforeAllocating() {
        SpecProblem problem = onlyProblem("""
                input: 50000
                layers:
                  - units: 50000
                loss: half_se
                optimizer: sgd
                training:
                  epochs: 1
                """);

        assertEquals("layers[0].units", problem.path());
        assertFalse(problem.message().contains("overflow"), problem.message());
        assertTrue(problem.message().contains("2500000000 weights, more than nn can hold"), problem.message());
    }

    private Model assemble(String text, DataRequirement data) {
        return assembler.assemble(load(text), data);
    }

    private static LoadedSpec load(String text) {
        return new SpecLoader().parse(Path.of("model.yaml"), "model.yaml", text);
    }

    private SpecProblem onlyProblem(String text) {
        SpecException e = assertThrows(SpecException.class, () -> assemble(text, DataRequirement.OPTIONAL));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertEquals("model.yaml", e.problems().get(0).file());
        return e.problems().get(0);
    }
}

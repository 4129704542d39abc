package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.model.Model;
import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.model.ModelAssembler;
import dev.nn.network.Network;
import dev.nn.network.StepStreams;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.spec.SpecWriter;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** batch_norm and layer_norm as a spec writes them: options, training, saving and loading. */
final class NormalizationLayersInModelsTest {
    private static final String NETWORK = """
            input: 2
            layers:
              - units: 4
                activation: tanh
              - type: batch_norm
                momentum: 0.3
                epsilon: 1.0e-3
              - type: layer_norm
                epsilon: 1.0e-3
              - units: 2
            loss: half_se
            optimizer: {name: sgd, learning_rate: 0.1, momentum: 0.9}
            training:
              epochs: 6
              batch_size: 3 # batches of 3, 3 and 2: batch_norm refuses to train on one row
            data:
              train:
                inputs: [[0.5, -0.2], [-0.3, 0.8], [0.9, 0.1], [0.0, -0.6], [0.4, 0.4], [-0.7, -0.3], [0.2, 0.6],
                         [-0.1, -0.9]]
                targets: [[0.3, -0.1], [-0.2, 0.5], [0.6, 0.0], [0.1, 0.4], [0.2, 0.2], [-0.4, 0.1], [0.5, -0.3],
                          [0.0, 0.3]]
            """;

    private final SpecLoader loader = new SpecLoader();
    private final ModelAssembler assembler = NormalizationNetworks.assembler();

    @TempDir
    Path folder;

    private Model assemble(String text) {
        return assembler.assemble(loader.parse(Path.of("spec.yaml"), "spec.yaml", text), DataRequirement.OPTIONAL);
    }

    private SpecProblem onlyProblem(String layer) {
        SpecException e = assertThrows(SpecException.class, () -> assemble("""
                input: 2
                layers:
                """ + layer + """
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        return e.problems().get(0);
    }

    @Test
    void optionsOutOfRangeAreReportedAtTheirKeyWithWhatWasExpected() {
        SpecProblem momentum = onlyProblem("  - {type: batch_norm, momentum: 1.5}\n");
        SpecProblem negative = onlyProblem("  - {type: batch_norm, momentum: -0.1}\n");
        SpecProblem epsilon = onlyProblem("  - {type: batch_norm, epsilon: 0}\n");
        SpecProblem layerEpsilon = onlyProblem("  - {type: layer_norm, epsilon: -1.0e-5}\n");

        assertEquals("layers[0].momentum", momentum.path());
        assertEquals(3, momentum.line());
        assertEquals("layer type 'batch_norm': expected a number in [0, 1] but found 1.5", momentum.message());
        assertEquals("layer type 'batch_norm': expected a number in [0, 1] but found -0.1", negative.message());
        assertEquals("layers[0].epsilon", epsilon.path());
        assertEquals("layer type 'batch_norm': expected a number > 0 but found 0.0", epsilon.message());
        assertEquals("layers[0].epsilon", layerEpsilon.path());
        assertEquals("layer type 'layer_norm': expected a number > 0 but found -1.0E-5", layerEpsilon.message());
    }

    @Test
    void anUnknownOptionIsReportedWithTheOptionsTheLayerAccepts() {
        SpecProblem batch = onlyProblem("  - {type: batch_norm, momentun: 0.2}\n");
        SpecProblem layer = onlyProblem("  - {type: layer_norm, momentum: 0.2}\n");

        assertTrue(batch.path().startsWith("layers[0]"), batch::toString);
        assertTrue(batch.message().contains("momentun") && batch.message().contains("momentum")
                && batch.message().contains("epsilon"), batch.message());
        assertTrue(layer.message().contains("momentum") && layer.message().contains("epsilon"), layer.message());
    }

    @Test
    void startingValuesOfTheWrongLengthAreReportedAtTheirKey() {
        SpecProblem problem = onlyProblem("  - {type: batch_norm, state: {running_var: [1, 1, 1]}}\n");

        assertTrue(problem.path().startsWith("layers[0].state.running_var"), problem::toString);
    }

    @Test
    void aNegativeRunningVarianceIsReportedWithTheValue() {
        SpecProblem problem = onlyProblem("  - {type: batch_norm, state: {running_var: [1, -0.5]}}\n");

        assertEquals("layers[0].state.running_var", problem.path());
        assertEquals("layer type 'batch_norm': expected variances >= 0 but found -0.5 (value 2)", problem.message());
    }

    @Test
    void theDefaultsArePyTorchsMomentumAndEpsilon() {
        Network network = assemble("""
                input: 2
                layers:
                  - {type: batch_norm}
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                """).network();
        Tensor batch = Tensor.of(new double[][] {{1.0, 2.0}, {3.0, 6.0}});

        Tensor output = network.forward(batch, new StepStreams(0, 1)).copy();

        // mean (2, 4), biased variance (1, 4), unbiased (2, 8): running = 0.9 * (0, 1) + 0.1 * batch
        assertEquals(Tensor.row(0.2, 0.4), network.state().get(0).value());
        assertEquals(Tensor.row(0.9 + 0.1 * 2.0, 0.9 + 0.1 * 8.0), network.state().get(1).value());
        assertEquals(-1.0 / Math.sqrt(1.0 + 1e-5), output.get(0, 0), 0.0);
        assertEquals(2.0 / Math.sqrt(4.0 + 1e-5), output.get(1, 1), 0.0);
    }

    @Test
    void aTrainedModelSavedAndLoadedPredictsTheSameBitForBit() throws IOException {
        LoadedSpec loaded = loader.parse(Path.of("spec.yaml"), "spec.yaml", NETWORK);
        Model model = assembler.assemble(loaded, DataRequirement.REQUIRED);
        Network network = model.network();
        new Trainer(network, model.optimizer(), model.training()).train(model.train().orElseThrow(),
                new TrainingListener() {
                });
        Tensor inputs = Tensor.of(new double[][] {{0.1, 0.2}, {-0.5, 0.3}, {0.8, -0.9}});
        Tensor predicted = network.forward(inputs).copy();
        Path file = folder.resolve("trained.yaml");

        new SpecWriter().write(SpecWriter.withParameters(loaded.spec(), network), file);
        Network reloaded = assembler.assemble(loader.load(file), DataRequirement.REQUIRED).network();

        String saved = Files.readString(file);
        assertTrue(saved.contains("running_mean") && saved.contains("running_var") && saved.contains("gamma"), saved);
        assertEquals(List.of("W1", "b1", "gamma2", "beta2", "gamma3", "beta3", "W4", "b4"),
                reloaded.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of("running_mean2", "running_var2"),
                reloaded.state().stream().map(StateTensor::name).toList());
        assertNotEquals(Tensor.row(0, 0, 0, 0), network.state().get(0).value(), "training moved the running mean");
        for (int i = 0; i < network.parameters().size(); i++) {
            assertEquals(network.parameters().get(i).value(), reloaded.parameters().get(i).value(),
                    network.parameters().get(i).name());
        }
        for (int i = 0; i < network.state().size(); i++) {
            assertEquals(network.state().get(i).value(), reloaded.state().get(i).value(),
                    network.state().get(i).name());
        }
        assertEquals(predicted, reloaded.forward(inputs), "predictions of the loaded model");
    }

    @Test
    void trainingAndInferencePassesAllocateNothingOnceEachBatchSizeIsSeen() {
        Network network = assemble(NETWORK).network();
        Tensor full = Tensor.of(new double[][] {{0.5, -0.2}, {-0.3, 0.8}, {0.9, 0.1}});
        Tensor last = Tensor.of(new double[][] {{0.0, -0.6}, {0.4, 0.4}});
        Tensor fullTargets = Tensor.of(new double[][] {{0.3, -0.1}, {-0.2, 0.5}, {0.6, 0.0}});
        Tensor lastTargets = Tensor.of(new double[][] {{0.1, 0.4}, {0.2, 0.2}});
        StepStreams steps = new StepStreams(0, network.layers().size());
        Runnable epochs = () -> {
            for (int i = 0; i < 200; i++) {
                steps.moveTo(1, 1);
                network.computeGradients(full, fullTargets, steps);
                network.computeGradients(last, lastTargets, steps);
                network.forward(full);
                network.forward(last);
            }
        };
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 200 && allocated > 0; round++) { // until the JIT has compiled the loop
            long before = threads.getThreadAllocatedBytes(thread);
            epochs.run();
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }

        assertTrue(allocated <= 1_024, allocated + " bytes allocated over 800 passes");
    }
}

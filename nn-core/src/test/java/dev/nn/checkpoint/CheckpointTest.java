package dev.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.modelfile.ModelFiles;
import com.google.inject.Guice;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentModule;
import dev.nn.registry.ComponentOrigin;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.SpecLoader;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.testing.TestComponents;
import dev.nn.train.Trainer;
import dev.nn.train.TrainingListener;
import dev.nn.train.TrainingResult;
import dev.nn.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written during training and read back: a run resumed from one in a freshly assembled model ends bit
 * for bit as the uninterrupted run; only the newest {@code keep} stay; a changed spec, changed data, a damaged file,
 * a plain model file and an optimizer that cannot save its state are refused with one message each.
 */
final class CheckpointTest {
    private static final String SPEC = """
            seed: 3
            input: 2
            layers:
              - units: 4
                activation: tanh
              - type: dropout
                rate: 0.25
              - units: 1
            loss: half_se
            optimizer: %s
            training:
              epochs: 5
              batch_size: %d
              shuffle: true
            data:
              train: {format: csv, path: train.csv, targets: [y]}
            """;

    @TempDir
    Path dir;

    @Test
    void aRunResumedFromACheckpointFileEndsBitForBitAsTheUninterruptedRun() throws IOException {
        Model straight = model("sgd", 2);
        train(straight, TrainingState.initial(straight.training()), null);
        Model first = model("sgd", 2);
        CheckpointWriter writer = new CheckpointWriter(first, dir.resolve("ck"), 1, 2, "test", f -> List.of("path"));
        train(first, TrainingState.initial(first.training()), writer);

        assertEquals(List.of("epoch-0004.nn", "epoch-0005.nn"), CheckpointFiles.list(dir.resolve("ck")).stream()
                .map(p -> p.getFileName().toString()).toList());
        Model resumed = model("sgd", 2);
        Checkpoint checkpoint = Checkpoint.read(dir.resolve("ck/epoch-0004.nn"));
        checkpoint.requireResumableWith(resumed, "spec.yaml");
        TrainingResult result = train(resumed, checkpoint.restoreInto(resumed), null);

        assertEquals(5, result.epochs().size());
        for (int i = 0; i < straight.network().parameters().size(); i++) {
            assertArrayEquals(straight.network().parameters().get(i).value().data(),
                    resumed.network().parameters().get(i).value().data());
        }
        assertEquals(dir.resolve("ck/epoch-0005.nn"), CheckpointFiles.locate(dir.resolve("ck")));
    }

    @Test
    void aChangedSpecOrChangedDataIsRefusedSayingWhatChanged() throws IOException {
        Model first = model("sgd", 2);
        train(first, TrainingState.initial(first.training()),
                new CheckpointWriter(first, dir.resolve("ck"), 1, 1, "test", f -> List.of("path")));
        Checkpoint checkpoint = Checkpoint.read(CheckpointFiles.locate(dir.resolve("ck")));

        CheckpointException spec = assertThrows(CheckpointException.class,
                () -> checkpoint.requireResumableWith(model("sgd", 3), "spec.yaml"));
        assertTrue(spec.getMessage().contains("the spec changed since the checkpoint (training.batch_size: 2 in the "
                + "checkpoint, 3 in spec.yaml)"), spec.getMessage());

        Files.writeString(dir.resolve("train.csv"), "a,b,y\n0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n0.2,0.1,0.0\n");
        CheckpointException data = assertThrows(CheckpointException.class,
                () -> checkpoint.requireResumableWith(model("sgd", 2), "spec.yaml"));
        assertTrue(data.getMessage().contains("data file train.csv changed since the checkpoint"),
                data.getMessage());
    }

    @Test
    void aDamagedFileOrAModelWithoutTrainingStateIsRefused() throws IOException {
        Model first = model("sgd", 2);
        train(first, TrainingState.initial(first.training()),
                new CheckpointWriter(first, dir.resolve("ck"), 5, 1, "test", f -> List.of("path")));
        byte[] bytes = Files.readAllBytes(dir.resolve("ck/epoch-0005.nn"));
        bytes[bytes.length / 2] ^= 1;
        Path damaged = Files.write(dir.resolve("damaged.nn"), bytes);

        assertThrows(CheckpointException.class, () -> Checkpoint.read(damaged));

        Path model = dir.resolve("model.nn");
        ModelFiles.entries(first.spec().spec(), first.network()).write(model);
        CheckpointException plain = assertThrows(CheckpointException.class, () -> Checkpoint.read(model));
        assertTrue(plain.getMessage().endsWith("a model file, not a checkpoint (it has no training.json)"),
                plain.getMessage());
    }

    @Test
    void anOptimizerThatCannotSaveItsStateIsNamedAndRefused() throws IOException {
        Model model = model("plain", 2);

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new CheckpointWriter(model, dir.resolve("ck"), 1, 1, "test", f -> List.of("path")));

        assertTrue(e.getMessage().startsWith("optimizer 'plain' cannot save its state (it does not implement "
                + "dev.nn.spi.StatefulOptimizer)"), e.getMessage());
    }

    private static TrainingResult train(Model model, TrainingState start, CheckpointWriter writer) {
        return new Trainer(model.network(), model.optimizer(), model.training()).train(model.train().orElseThrow(),
                Optional.empty(), new TrainingListener() { }, () -> false, start,
                writer == null ? dev.nn.train.TrainingCheckpoints.NONE : writer);
    }

    private Model model(String optimizer, int batchSize) throws IOException {
        if (!Files.exists(dir.resolve("train.csv"))) {
            Files.writeString(dir.resolve("train.csv"), "a,b,y\n0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n0.2,0.1,0.5\n"
                    + "0.9,0.3,0.1\n");
        }
        Path spec = Files.writeString(dir.resolve("spec.yaml"), String.format(SPEC, optimizer.equals("sgd")
                ? "{name: sgd, learning_rate: 0.1, momentum: 0.9}" : optimizer, batchSize));
        List<ComponentProvider<?>> providers = new ArrayList<>(TestComponents.standardProviders());
        providers.add(new dev.nn.datasources.CsvDataSourceProvider());
        providers.add(new OptimizerProvider() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public Optimizer create(ComponentParameters parameters) {
                return parameters1 -> { };
            }
        });
        // Registered as built in: provenance then records no jar for them (the test classes are a folder).
        ComponentOrigin builtIn = new ComponentOrigin(ComponentOrigin.BUILT_IN, Optional.empty());
        List<DiscoveredComponent> components = new ArrayList<>();
        for (ComponentProvider<?> provider : providers) {
            components.addAll(ComponentDiscovery.entries(ComponentKind.of(provider), provider, builtIn));
        }
        ComponentRegistry registry = Guice.createInjector(new ComponentModule(components))
                .getInstance(ComponentRegistry.class);
        return new ModelAssembler(registry).assemble(new SpecLoader().load(spec), DataRequirement.REQUIRED);
    }
}

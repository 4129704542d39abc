package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.data.DataSets;
import dev.nn.network.Network;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecException;
import dev.nn.spi.Layer;
import dev.nn.spi.Loss;
import dev.nn.spec.ComponentRef;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.Optimizer;
import dev.nn.train.NetworkLabels;
import dev.nn.train.TrainingSettings;
import dev.nn.network.WidenedLoss;
import dev.nn.tensor.DataType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link Model} from a loaded spec, in this order: refuses a network too large for the heap
 * ({@link MemoryCheck}) before anything is allocated, builds the layers ({@link LayerBuilder}), resolves the loss and
 * the optimizer ({@link ComponentResolver}), binds the data ({@link DataBinder}), reads the training settings
 * ({@link TrainingSettingsBuilder}) and checks a saved model's metadata ({@link MetadataCheck}). All problems are
 * collected ({@link AssemblyProblems}) and thrown together as one {@link SpecException}, each placed at its key in
 * the file; a model without problems carries its warnings ({@link ModelWarnings}).
 */
public final class ModelAssembler {
    /** Whether the spec must carry training data (to train or check gradients) or may leave it out. */
    public enum DataRequirement { REQUIRED, OPTIONAL }

    private final ComponentRegistry registry;

    @Inject
    public ModelAssembler(ComponentRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry is null");
    }

    /**
     * Builds the model.
     *
     * @throws SpecException listing every problem found
     */
    public Model assemble(LoadedSpec loaded, DataRequirement data) {
        return new Assembly(loaded).run(data);
    }

    /** One assembly: the spec, the problems found so far and the components used. */
    private final class Assembly {
        private final LoadedSpec loaded;
        private final ModelSpec spec;
        private final AssemblyProblems problems;
        private final ComponentResolver components;
        private final LayerBuilder layerBuilder;

        Assembly(LoadedSpec loaded) {
            this.loaded = loaded;
            this.spec = loaded.spec();
            this.problems = new AssemblyProblems(loaded);
            this.components = new ComponentResolver(registry, problems);
            this.layerBuilder = new LayerBuilder(spec, components, problems, loaded.valuesFrom().isPresent());
        }

        Model run(DataRequirement dataRequirement) {
            if (spec.version() != null && spec.version() != 1) {
                problems.add("version", "expected 1 (the only spec version) but found " + spec.version());
            }
            long seed = spec.seed() == null ? 0L : spec.seed();
            Integer input = spec.input();
            if (input == null) {
                problems.add("input", "missing required key 'input' (the number of input features)");
            } else if (input < 1) {
                problems.add("input", "expected a whole number >= 1 but found " + input);
                input = null;
            }
            MemoryCheck memory = new MemoryCheck(spec, problems);
            Integer batchSize = spec.training() == null ? null : spec.training().batchSize();
            if (!memory.fitsInHeap(input, batchSize == null || batchSize < 1 ? 1 : batchSize)) {
                throw problems.exception();
            }
            DataType dataType = dataType();
            List<Layer> layers = layerBuilder.build(input, seed, dataType);
            Integer outputSize = !layers.isEmpty() ? Integer.valueOf(layers.get(layers.size() - 1).outputSize())
                    : spec.layers() == null || spec.layers().isEmpty() || spec.layers().get(spec.layers().size() - 1) == null
                    ? null : spec.layers().get(spec.layers().size() - 1).units();
            OptimizerOptions optimizerOptions = new OptimizerOptions(spec.optimizer(), components, problems);
            Optimizer optimizer = optimizer(optimizerOptions);
            DataSets data = new DataBinder(loaded, registry, components, problems)
                    .bind(input, outputSize, dataRequirement, seed);
            LossFit lossFit = new LossFit(spec, problems);
            List<String> classes = data.train().map(DataSet::classNames).filter(c -> !c.isEmpty())
                    .orElse(spec.metadata() != null && spec.metadata().classes() != null
                            ? spec.metadata().classes() : List.of());
            Loss loss = components.create(ComponentKind.LOSS, "loss",
                    lossFit.classWeights(spec.loss(), classes, outputSize), Loss.class);
            lossFit.check(layers, loss, data.train());
            TrainingSettings training = new TrainingSettingsBuilder(spec, problems).build(data.train(), seed);
            Optional<LearningRateSchedule> schedule = optimizerOptions.schedule(optimizer, spec, data.train());
            if (training != null && schedule != null) {
                training = training.with(schedule, optimizerOptions.gradientClipping());
            }
            if (training != null && batchSize == null && problems.isEmpty()) {
                memory.fitsInHeap(input, training.batchSize());
            }
            new MetadataCheck(spec, problems).check(data, outputSize);
            if (!problems.isEmpty()) {
                throw problems.exception();
            }
            List<String> widened = new java.util.ArrayList<>(layerBuilder.widened());
            if (dataType == DataType.FLOAT32 && !loss.supportsFloat32()) {
                widened.add(components.label(ComponentKind.LOSS, spec.loss().name()));
                loss = new WidenedLoss(loss);
            }
            Network network = new Network(layers, loss, dataType);
            Model model = new Model(loaded, network, optimizer, training, data, components.used(),
                    new ModelWarnings(loaded).of(layers, loss, data.train()),
                    new NetworkLabels(layerBuilder.activationLabels(), layerBuilder.layerLabels(),
                            components.label(ComponentKind.LOSS, spec.loss().name())), spec, widened);
            ModelSpec resolved = ResolvedSpec.of(spec, model.name(), seed, components.resolved(),
                    layerBuilder.resolvedOptions(), training, data.train().isPresent());
            return new Model(model.spec(), network, optimizer, training, data, model.components(), model.warnings(),
                    model.labels(), resolved, widened);
        }

        /** The spec's {@code dtype}: float64 when absent; a problem at the key for any other name. */
        private DataType dataType() {
            if (spec.dtype() == null) {
                return DataType.FLOAT64;
            }
            Optional<DataType> type = DataType.fromSpecName(spec.dtype());
            if (type.isEmpty()) {
                problems.add("dtype", "expected one of " + DataType.specNames() + " but found '" + spec.dtype() + "'");
                return DataType.FLOAT64;
            }
            return type.get();
        }

        /** The optimizer, from its parameters without the platform's keys ({@link OptimizerOptions}). */
        private Optimizer optimizer(OptimizerOptions options) {
            ComponentRef ref = spec.optimizer();
            if (ref == null) {
                return components.create(ComponentKind.OPTIMIZER, "optimizer", null, Optimizer.class);
            }
            return components.create(ComponentKind.OPTIMIZER, "optimizer",
                    ref.parameters().isEmpty() ? "optimizer" : "optimizer.name", ref.name(),
                    options.optimizerParameters(), true, Optimizer.class);
        }
    }
}

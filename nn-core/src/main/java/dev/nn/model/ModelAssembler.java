package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.random.SplitMix64;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.UnknownComponentException;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.DataSetSpec;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecProblem;
import dev.nn.spec.TrainingSpec;
import dev.nn.spi.Activation;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.Initializer;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerConfig;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Loss;
import dev.nn.spi.Optimizer;
import dev.nn.spi.ParameterException;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import dev.nn.train.TrainingSettings;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link Model} from a loaded spec: resolves every component name, creates components from their
 * parameters, checks every shape and the data against the network. All problems are collected and thrown together
 * as one {@link SpecException}, each placed at its key in the file.
 */
public final class ModelAssembler {
    /** Whether the spec must carry training data (to train or check gradients) or may leave it out. */
    public enum DataRequirement { REQUIRED, OPTIONAL }

    private static final String DEFAULT_LAYER = "dense";
    private static final String DEFAULT_ACTIVATION = "identity";

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

    /** One assembly: the spec and the problems found so far. */
    private final class Assembly {
        private final LoadedSpec loaded;
        private final ModelSpec spec;
        private final List<SpecProblem> problems = new ArrayList<>();

        Assembly(LoadedSpec loaded) {
            this.loaded = loaded;
            this.spec = loaded.spec();
        }

        Model run(DataRequirement dataRequirement) {
            if (spec.version() != null && spec.version() != 1) {
                problem("version", "expected 1 (the only spec version) but found " + spec.version());
            }
            long seed = spec.seed() == null ? 0L : spec.seed();
            Integer input = spec.input();
            if (input == null) {
                problem("input", "missing required key 'input' (the number of input features)");
            } else if (input < 1) {
                problem("input", "expected a whole number >= 1 but found " + input);
            }
            List<Layer> layers = buildLayers(input, seed);
            Loss loss = create(ComponentKind.LOSS, "loss", spec.loss(), Loss.class);
            Optimizer optimizer = create(ComponentKind.OPTIMIZER, "optimizer", spec.optimizer(), Optimizer.class);
            Optional<DataSet> train = buildTrainingData(input, layers, dataRequirement);
            TrainingSettings training = buildTraining(train.map(DataSet::size).orElse(0), seed);
            if (!problems.isEmpty()) {
                throw new SpecException(problems);
            }
            Network network = new Network(layers, loss);
            return new Model(loaded, network, optimizer, training, train, warnings(layers, loss, train));
        }

        /** What the components declare about themselves, checked against each other and the data. */
        private List<SpecProblem> warnings(List<Layer> layers, Loss loss, Optional<DataSet> train) {
            List<SpecProblem> warnings = new ArrayList<>();
            int last = layers.size() - 1;
            Range produced = layers.get(last).activation().properties().outputRange();
            Range expected = loss.properties().predictionRange();
            String lossName = spec.loss().name();
            if (!expected.encloses(produced)) {
                LayerSpec lastSpec = spec.layers().get(last);
                String activationName = lastSpec.activation() == null ? DEFAULT_ACTIVATION : lastSpec.activation().name();
                warnings.add(loaded.problem("loss", lossName + " expects outputs in " + expected + "; layers["
                        + last + "] '" + activationName + "' produces " + produced));
            }
            if (loss.properties().classification() && train.isPresent() && !train.get().oneHot()) {
                warnings.add(loaded.problem("data.train.targets", lossName
                        + " is a classification loss but the targets are not one-hot rows"));
            }
            Range targetRange = loss.properties().targetRange();
            if (train.isPresent() && !targetRange.equals(Range.ALL)) {
                double[] targets = train.get().targets().data();
                for (int i = 0; i < targets.length; i++) {
                    if (!targetRange.contains(targets[i])) {
                        int columns = train.get().targets().columns();
                        warnings.add(loaded.problem("data.train.targets[" + i / columns + "]", lossName
                                + " expects targets in " + targetRange + " but found " + targets[i]));
                        break;
                    }
                }
            }
            return warnings;
        }

        private List<Layer> buildLayers(Integer input, long seed) {
            List<LayerSpec> specs = spec.layers();
            if (specs == null) {
                problem("layers", "missing required key 'layers' (a list of layers, each with 'units')");
                return List.of();
            }
            if (specs.isEmpty()) {
                problem("layers", "expected at least one layer but found an empty list");
                return List.of();
            }
            SplitMix64 random = new SplitMix64(seed);
            List<Layer> layers = new ArrayList<>();
            Integer fanIn = input;
            for (int i = 0; i < specs.size(); i++) {
                String path = "layers[" + i + "]";
                LayerSpec layerSpec = specs.get(i);
                if (layerSpec == null) {
                    problem(path, "expected a layer (a mapping with 'units') but found null");
                    fanIn = null;
                    continue;
                }
                Integer units = layerSpec.units();
                if (units == null) {
                    problem(path + ".units", "missing required key 'units' (the number of outputs)");
                } else if (units < 1) {
                    problem(path + ".units", "expected a whole number >= 1 but found " + units);
                    units = null;
                }
                ComponentRef activationRef = layerSpec.activation() == null
                        ? ComponentRef.named(DEFAULT_ACTIVATION) : layerSpec.activation();
                Activation activation = create(ComponentKind.ACTIVATION, path + ".activation", activationRef,
                        Activation.class);
                ComponentRef initRef = layerSpec.init() != null ? layerSpec.init()
                        : ComponentRef.named(activation == null ? "glorot_uniform" : activation.properties().initializer());
                Initializer initializer = create(ComponentKind.INITIALIZER, path + ".init", initRef,
                        Initializer.class);
                Optional<Tensor> weights = units == null || fanIn == null
                        ? Optional.empty() : checkWeights(path + ".weights", layerSpec.weights(), units, fanIn);
                Optional<Tensor> bias = units == null
                        ? Optional.empty() : checkBias(path + ".bias", layerSpec.bias(), units);
                String type = layerSpec.type() == null ? DEFAULT_LAYER : layerSpec.type();
                LayerProvider provider = lookup(ComponentKind.LAYER, path + ".type", type, LayerProvider.class);
                if (units != null && fanIn != null && activation != null && initializer != null && provider != null
                        && problems.isEmpty()) {
                    LayerConfig config = new LayerConfig(i + 1, fanIn, units, activation, weights, bias, initializer,
                            random, ComponentParameters.empty());
                    try {
                        layers.add(provider.create(config));
                    } catch (RuntimeException e) {
                        problem(path, "layer type '" + type + "' could not be created: " + e.getMessage());
                    }
                }
                fanIn = units;
            }
            return layers;
        }

        private Optional<Tensor> checkWeights(String path, double[][] weights, int units, int fanIn) {
            if (weights == null) {
                return Optional.empty();
            }
            boolean ok = true;
            if (weights.length != units) {
                problem(path, "expected " + units + " rows (one per unit) of " + fanIn
                        + " values (the layer's inputs) but found " + weights.length + " rows");
                ok = false;
            }
            for (int r = 0; r < weights.length; r++) {
                if (weights[r] == null) {
                    problem(path + "[" + r + "]", "expected a row of " + fanIn + " numbers but found null");
                    ok = false;
                } else if (weights[r].length != fanIn) {
                    problem(path + "[" + r + "]", "expected " + fanIn + " values (the layer's inputs) but found "
                            + weights[r].length);
                    ok = false;
                }
            }
            return ok ? Optional.of(Tensor.of(weights)) : Optional.empty();
        }

        private Optional<Tensor> checkBias(String path, double[] bias, int units) {
            if (bias == null) {
                return Optional.empty();
            }
            if (bias.length != units) {
                problem(path, "expected " + units + " values (one per unit) but found " + bias.length);
                return Optional.empty();
            }
            return Optional.of(Tensor.row(bias));
        }

        private Optional<DataSet> buildTrainingData(Integer input, List<Layer> layers, DataRequirement requirement) {
            DataSetSpec train = spec.data() == null ? null : spec.data().train();
            if (train == null) {
                if (requirement == DataRequirement.REQUIRED) {
                    problem(spec.data() == null ? "data" : "data.train",
                            "missing required key '" + (spec.data() == null ? "data" : "train")
                                    + "': training needs data.train with inputs and targets");
                }
                return Optional.empty();
            }
            Integer outputs = spec.layers() == null || spec.layers().isEmpty()
                    || spec.layers().get(spec.layers().size() - 1) == null
                    ? null : spec.layers().get(spec.layers().size() - 1).units();
            Tensor inputs = matrix("data.train.inputs", train.inputs(), input, "the spec's input");
            Tensor targets = matrix("data.train.targets", train.targets(), outputs, "the last layer's units");
            if (inputs == null || targets == null) {
                return Optional.empty();
            }
            if (inputs.rows() != targets.rows()) {
                problem("data.train.targets", "expected " + inputs.rows() + " rows (one per input row) but found "
                        + targets.rows());
                return Optional.empty();
            }
            return Optional.of(new DataSet(inputs, targets));
        }

        private Tensor matrix(String path, double[][] rows, Integer width, String widthName) {
            if (rows == null) {
                problem(path, "missing required key '" + path.substring(path.lastIndexOf('.') + 1) + "'");
                return null;
            }
            if (rows.length == 0) {
                problem(path, "expected at least one row but found an empty list");
                return null;
            }
            boolean ok = true;
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] == null) {
                    problem(path + "[" + r + "]", "expected a row of numbers but found null");
                    ok = false;
                } else if (width != null && rows[r].length != width) {
                    problem(path + "[" + r + "]", "expected " + width + " values (" + widthName + ") but found "
                            + rows[r].length);
                    ok = false;
                } else if (width == null && rows[r].length != rows[0].length) {
                    problem(path + "[" + r + "]", "expected " + rows[0].length + " values like row 0 but found "
                            + rows[r].length);
                    ok = false;
                }
            }
            return ok ? Tensor.of(rows) : null;
        }

        private TrainingSettings buildTraining(int samples, long seed) {
            TrainingSpec training = spec.training();
            if (training == null) {
                problem("training", "missing required key 'training' (with at least 'epochs')");
                return null;
            }
            boolean ok = true;
            if (training.epochs() == null) {
                problem("training.epochs", "missing required key 'epochs' (passes over the training set)");
                ok = false;
            } else if (training.epochs() < 1) {
                problem("training.epochs", "expected a whole number >= 1 but found " + training.epochs());
                ok = false;
            }
            if (training.batchSize() != null && training.batchSize() < 1) {
                problem("training.batch_size", "expected a whole number >= 1 but found " + training.batchSize());
                ok = false;
            }
            if (!ok) {
                return null;
            }
            int batchSize = training.batchSize() != null ? training.batchSize() : Math.max(samples, 1);
            boolean shuffle = training.shuffle() != null ? training.shuffle() : batchSize < samples;
            return new TrainingSettings(training.epochs(), batchSize, shuffle, seed);
        }

        private <T> T lookup(ComponentKind kind, String path, String name, Class<T> type) {
            try {
                return type.cast(registry.provider(kind, name));
            } catch (UnknownComponentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private <T> T create(ComponentKind kind, String path, ComponentRef ref, Class<T> type) {
            if (ref == null) {
                problem(path, "missing required key '" + path + "' (a " + kind.displayName() + " name, e.g. "
                        + String.join(", ", registry.names(kind).stream().limit(3).toList()) + ")");
                return null;
            }
            String namePath = ref.parameters().isEmpty() ? path : path + ".name";
            ComponentProvider<?> provider;
            try {
                provider = registry.provider(kind, ref.name());
            } catch (UnknownComponentException e) {
                problem(namePath, e.getMessage());
                return null;
            }
            ComponentParameters parameters = new ComponentParameters(ref.parameters());
            Object component;
            try {
                component = provider.create(parameters);
            } catch (ParameterException e) {
                problem(path + "." + e.parameter(), kind.displayName() + " '" + ref.name() + "': expected "
                        + e.expected() + " but found " + e.found());
                return null;
            } catch (RuntimeException | LinkageError e) {
                problem(path, kind.displayName() + " '" + ref.name() + "' (" + provider.getClass().getName()
                        + ") failed to initialise: " + e);
                return null;
            }
            Set<String> unknown = parameters.unread();
            if (!unknown.isEmpty()) {
                Set<String> accepted = new TreeSet<>(parameters.requested());
                for (String key : unknown) {
                    problem(path + "." + key, "unknown parameter '" + key + "' for " + kind.displayName() + " '"
                            + ref.name() + "'"
                            + dev.nn.registry.NameSuggestions.closest(key, accepted)
                                    .map(s -> "; did you mean '" + s + "'?").orElse("")
                            + (accepted.isEmpty() ? "; it takes no parameters"
                                    : "; it takes: " + String.join(", ", accepted)));
                }
                return null;
            }
            if (!type.isInstance(component)) {
                problem(path, kind.displayName() + " '" + ref.name() + "' (" + provider.getClass().getName()
                        + ") created " + (component == null ? "null" : component.getClass().getName())
                        + " instead of a " + type.getSimpleName());
                return null;
            }
            return type.cast(component);
        }

        private void problem(String path, String message) {
            problems.add(loaded.problem(path, message));
        }
    }
}

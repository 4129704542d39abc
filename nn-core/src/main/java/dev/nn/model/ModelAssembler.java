package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.data.DataSets;
import dev.nn.input.UserText;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.registry.NameSuggestions;
import dev.nn.spec.DataSpec;
import dev.nn.spec.EarlyStoppingSpec;
import dev.nn.train.EarlyStopping;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataException;
import dev.nn.spi.DataSource;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.DataTable;
import dev.nn.spi.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import dev.nn.random.SplitMix64;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DuplicateComponentException;
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
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Loss;
import dev.nn.spi.Optimizer;
import dev.nn.spi.ParameterException;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import dev.nn.train.NetworkLabels;
import dev.nn.train.TrainingSettings;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link Model} from a loaded spec: resolves every component name, creates components from their
 * parameters, checks every shape and the data against the network. All problems are collected and thrown together
 * as one {@link SpecException}, each placed at its key in the file. A network whose estimated size
 * ({@link MemoryEstimate}) exceeds the heap is refused first, before any layer or data set is allocated.
 */
public final class ModelAssembler {
    /** Whether the spec must carry training data (to train or check gradients) or may leave it out. */
    public enum DataRequirement { REQUIRED, OPTIONAL }

    private static final String DEFAULT_LAYER = "dense";
    private static final String DEFAULT_ACTIVATION = "identity";
    /** The most weights one layer may have: the largest array the JVM allocates. */
    private static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

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
        private final java.util.Set<DiscoveredComponent> used = new java.util.LinkedHashSet<>();
        /** Plugin exceptions behind problems, kept for a verbose report. */
        private final List<RuntimeException> pluginFailures = new ArrayList<>();
        private final List<String> activationLabels = new ArrayList<>();
        private final List<String> layerLabels = new ArrayList<>();
        /** The network's output size, once the layers are built (else the last layer's units, when written). */
        private Integer outputSize;

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
                input = null;
            }
            Integer batchSize = spec.training() == null ? null : spec.training().batchSize();
            if (!fitsInHeap(input, batchSize == null || batchSize < 1 ? 1 : batchSize)) {
                throw new SpecException(problems);
            }
            List<Layer> layers = buildLayers(input, seed);
            outputSize = !layers.isEmpty() ? Integer.valueOf(layers.get(layers.size() - 1).outputSize())
                    : spec.layers() == null || spec.layers().isEmpty() || spec.layers().get(spec.layers().size() - 1) == null
                    ? null : spec.layers().get(spec.layers().size() - 1).units();
            Loss loss = create(ComponentKind.LOSS, "loss", spec.loss(), Loss.class);
            Optimizer optimizer = create(ComponentKind.OPTIMIZER, "optimizer", spec.optimizer(), Optimizer.class);
            DataSets data = buildData(input, dataRequirement, seed);
            if (loss != null && loss.properties().classification() && data.train().map(DataSet::binary).orElse(false)) {
                problem("loss", spec.loss().name() + " needs one output per class, but the last layer has one unit "
                        + "for the two classes " + UserText.quoteAll(data.train().get().classNames(), 2)
                        + " (targets 0 and 1): use mse with a sigmoid output, or "
                        + "give the last layer 2 units with softmax");
            }
            TrainingSettings training = buildTraining(data.train(), seed);
            if (training != null && batchSize == null && problems.isEmpty()) {
                fitsInHeap(input, training.batchSize());
            }
            checkMetadataClasses(data);
            if (!problems.isEmpty()) {
                SpecException failed = new SpecException(problems);
                pluginFailures.forEach(failed::addSuppressed);
                throw failed;
            }
            Network network = new Network(layers, loss);
            return new Model(loaded, network, optimizer, training, data, List.copyOf(used),
                    warnings(layers, loss, data.train()), new NetworkLabels(activationLabels, layerLabels,
                            label(ComponentKind.LOSS, spec.loss().name())));
        }

        /** {@code activation 'swish' (plugin nn-example-plugin.jar)}. */
        private String label(ComponentKind kind, String name) {
            return registry.component(kind, name).map(DiscoveredComponent::label)
                    .orElse(kind.displayName() + " '" + name + "'");
        }

        /**
         * Whether the network, trained in batches of {@code batch}, fits in the heap ({@link MemoryEstimate});
         * reports the problem at the largest layer's units when it does not.
         */
        private boolean fitsInHeap(Integer input, int batch) {
            Optional<MemoryEstimate> estimate = MemoryEstimate.of(spec, input, batch);
            if (estimate.isEmpty() || exceedsArrayLimit(input)) {
                return true; // a layer beyond one array is refused at its units, whatever the heap
            }
            MemoryEstimate need = estimate.get();
            long max = HeapLimit.max();
            if (need.bytes() > max) {
                problem("layers[" + need.largestLayer() + "].units", "the network needs about "
                        + HeapLimit.describe(need.bytes()) + " (" + MemoryEstimate.count(need.parameters())
                        + " parameters " + need.accounting() + (batch > 1 ? ", and activations for batches of "
                        + batch : "") + ") but nn may use at most " + HeapLimit.describe(max) + ": use fewer units"
                        + (batch > 1 ? " or a smaller training.batch_size" : "") + ", or give it more, e.g. "
                        + HeapLimit.setting(need.bytes()));
                return false;
            }
            return true;
        }

        /** Whether a dense layer has more weights than one array holds ({@link #MAX_WEIGHTS}). */
        private boolean exceedsArrayLimit(Integer input) {
            long fanIn = input;
            for (LayerSpec layer : spec.layers()) {
                if (layer != null && layer.units() == null && layer.type() != null && !layer.type().equals("dense")) {
                    continue; // a layer of another type keeps the width
                }
                if (layer == null || layer.units() == null) {
                    return false;
                }
                if (layer.units() * fanIn > MAX_WEIGHTS) {
                    return true;
                }
                fanIn = layer.units();
            }
            return false;
        }

        /**
         * {@code metadata.classes} (a saved model's) against the network and the data: one name per output, or two
         * for a single output; each once; the training data's classes, in the same order, when it has a label. And
         * {@code metadata.features}, each once.
         */
        private void checkMetadataClasses(DataSets data) {
            if (spec.metadata() == null) {
                return;
            }
            List<String> features = spec.metadata().features();
            if (features != null && new java.util.HashSet<>(features).size() != features.size()) {
                problem("metadata.features", "names an input column twice; each input has one name");
            }
            List<String> classes = spec.metadata().classes();
            if (classes == null) {
                return;
            }
            Set<String> seen = new java.util.HashSet<>();
            for (String name : classes) {
                if (!seen.add(name)) {
                    problem("metadata.classes", "names class " + UserText.quote(name) + " twice; each class "
                            + "is one output");
                    return;
                }
            }
            Integer outputs = outputUnits();
            if (outputs != null && classes.size() != outputs && !(classes.size() == 2 && outputs == 1)) {
                problem("metadata.classes", "names " + classes.size() + " classes but the last layer has "
                        + outputs + (outputs == 1 ? " unit" : " units") + " (one per class, or one for two classes)");
            } else if (!data.classNames().isEmpty() && !data.classNames().equals(classes)) {
                problem("metadata.classes", "names the classes " + UserText.quoteAll(classes, 10)
                        + " but the training data's are " + UserText.quoteAll(data.classNames(), 10)
                        + ", in this order");
            }
        }

        /** What the components declare about themselves, checked against each other and the data. */
        private List<SpecProblem> warnings(List<Layer> layers, Loss loss, Optional<DataSet> train) {
            List<SpecProblem> warnings = new ArrayList<>();
            int last = layers.size() - 1;
            Range produced = layers.get(last).outputActivation().map(a -> a.properties().outputRange())
                    .orElse(Range.ALL);
            Range expected = loss.properties().predictionRange();
            String lossName = spec.loss().name();
            // Only values beyond the closure count: an open end such as cross_entropy's 0 is handled by clipping.
            if (!expected.closure().encloses(produced)) {
                LayerSpec lastSpec = spec.layers().get(last);
                String activationName = lastSpec.activation() != null ? lastSpec.activation().name()
                        : lastSpec.options().get("name") instanceof String name ? name
                        : lastSpec.type() == null ? DEFAULT_ACTIVATION : lastSpec.type();
                warnings.add(loaded.problem("loss", lossName + " expects outputs in " + expected + "; layers["
                        + last + "] '" + activationName + "' produces " + produced));
            }
            if (loss.properties().classification() && train.isPresent() && !train.get().labelled()) {
                warnings.add(loaded.problem("data.train.targets", lossName
                        + " is a classification loss but the targets are not one-hot rows"));
            }
            Range targetRange = loss.properties().targetRange();
            if (train.isPresent() && !targetRange.equals(Range.ALL)) {
                Matrix targets = train.get().targets();
                double[] row = new double[targets.columns()];
                search:
                for (int r = 0; r < targets.rows(); r++) {
                    targets.copyRow(r, row, 0);
                    for (double value : row) {
                        if (!targetRange.contains(value)) {
                            warnings.add(loaded.problem("data.train", lossName + " expects targets in "
                                    + targetRange + " but sample " + r + " has " + value));
                            break search;
                        }
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
                String type = layerSpec.type() == null ? DEFAULT_LAYER : layerSpec.type();
                LayerProvider provider = lookup(ComponentKind.LAYER, path + ".type", type, LayerProvider.class);
                Integer units = layerSpec.units();
                if (units != null && fanIn != null && (long) units * fanIn > MAX_WEIGHTS) {
                    // refused before the layer allocates its weights
                    problem(path + ".units", units + " units with " + fanIn + " inputs each make "
                            + (long) units * fanIn + " weights, more than nn can hold in one layer (at most "
                            + MAX_WEIGHTS + ")");
                    fanIn = units;
                    continue;
                }
                Layer layer = provider == null || fanIn == null ? null : createLayer(provider, type, path, i, fanIn,
                        layerSpec, random, seed);
                if (layer != null) {
                    layers.add(layer);
                }
                fanIn = layer != null ? Integer.valueOf(layer.outputSize()) : layerSpec.units();
            }
            return layers.size() == specs.size() ? layers : List.of();
        }

        /** Builds one layer through its provider; {@code null} after reporting its problems. */
        private Layer createLayer(LayerProvider provider, String type, String path, int index, int fanIn,
                                  LayerSpec layerSpec, SplitMix64 random, long seed) {
            SpecLayerContext context = new SpecLayerContext(layerContextAssembly, index, fanIn, layerSpec, random,
                    seed);
            Layer layer;
            try {
                layer = provider.create(context);
            } catch (ParameterException e) {
                problem(path + "." + e.parameter(), "layer type '" + type + "': expected " + e.expected()
                        + " but found " + e.found());
                context.reportUnused(type, false);
                return null;
            } catch (RuntimeException e) {
                problem(path, "layer type '" + type + "' could not be created: " + e.getMessage());
                if (e instanceof dev.nn.plugins.PluginException) {
                    pluginFailures.add(e);
                }
                return null;
            }
            context.reportUnused(type, true);
            if (context.failed() || layer == null) {
                return null;
            }
            if (layer.inputSize() != fanIn || layer.outputSize() < 1) {
                problem(path, "layer type '" + type + "' built a layer of " + layer.inputSize() + " inputs and "
                        + layer.outputSize() + " outputs; expected " + fanIn + " inputs and at least one output");
                return null;
            }
            List<String> activations = context.activationLabels();
            activationLabels.add(activations.isEmpty() ? "no activation" : activations.get(activations.size() - 1));
            layerLabels.add(label(ComponentKind.LAYER, type).replaceFirst("^layer ", "type "));
            return layer;
        }

        private final SpecLayerContext.Assembly layerContextAssembly = new SpecLayerContext.Assembly() {
            @Override
            public <T> T component(ComponentKind kind, String path, String namePath, String name,
                                   ComponentParameters parameters, boolean reportUnknown, Class<T> type) {
                return create(kind, path, namePath, name, parameters, reportUnknown, type);
            }

            @Override
            public String activationLabel(String name) {
                return label(ComponentKind.ACTIVATION, name);
            }

            @Override
            public void problem(String path, String message) {
                Assembly.this.problem(path, message);
            }
        };

        private DataSets buildData(Integer input, DataRequirement requirement, long seed) {
            DataSpec dataSpec = spec.data();
            DataSetSpec trainSpec = dataSpec == null ? null : dataSpec.train();
            if (trainSpec == null) {
                if (requirement == DataRequirement.REQUIRED) {
                    problem(dataSpec == null ? "data" : "data.train",
                            "missing required key '" + (dataSpec == null ? "data" : "train")
                                    + "': training needs data.train (inline inputs and targets, or a format)");
                }
                if (dataSpec != null && (dataSpec.validation() != null || dataSpec.test() != null)) {
                    problem("data.train", "validation and test sets need a training set");
                }
                return DataSets.none();
            }
            Integer outputs = outputUnits();
            List<Path> files = new ArrayList<>();
            Loaded train = load("data.train", trainSpec, List.of(), input, outputs, files);
            if (train == null) {
                return DataSets.none();
            }
            List<String> classes = train.table.classNames();
            Loaded validation = dataSpec.validation() == null ? null
                    : load("data.validation", dataSpec.validation(), classes, input, outputs, files);
            Loaded test = dataSpec.test() == null ? null
                    : load("data.test", dataSpec.test(), classes, input, outputs, files);
            DataSet trainSet = new DataSet(train.table.inputs(), train.targets, classes);
            Optional<DataSet> validationSet = Optional.ofNullable(validation)
                    .map(v -> new DataSet(v.table.inputs(), v.targets, classes));
            Double split = spec.training() == null ? null : spec.training().validationSplit();
            if (split != null) {
                if (!(split > 0 && split < 1)) {
                    problem("training.validation_split", "expected a fraction between 0 and 1 (exclusive) but found "
                            + split);
                } else if (validation != null) {
                    problem("training.validation_split", "give either data.validation or training.validation_split, "
                            + "not both");
                } else {
                    DataSet[] parts = split(trainSet, split, seed);
                    if (parts == null) {
                        problem("training.validation_split", "a split of " + split + " leaves no samples on one side "
                                + "of " + trainSet.size());
                    } else {
                        trainSet = parts[0];
                        validationSet = Optional.of(parts[1]);
                    }
                }
            }
            return new DataSets(Optional.of(trainSet), validationSet,
                    Optional.ofNullable(test).map(t -> new DataSet(t.table.inputs(), t.targets, classes)),
                    classes, train.table.featureNames(), train.table.inputScale(), files);
        }

        /**
         * The training set split into {train, validation}: the validation samples are the first
         * {@code n - floor(n * (1 - split))} of a seeded permutation; both parts keep file order.
         */
        private DataSet[] split(DataSet data, double split, long seed) {
            int n = data.size();
            int validationSize = n - (int) Math.floor(n * (1.0 - split));
            if (validationSize < 1 || validationSize >= n) {
                return null;
            }
            int[] order = new int[n];
            new SplitMix64(seed ^ TrainingSettings.SPLIT_SEED_MIX).shuffledIndices(order);
            int[] validation = java.util.Arrays.copyOfRange(order, 0, validationSize);
            int[] train = java.util.Arrays.copyOfRange(order, validationSize, n);
            java.util.Arrays.sort(validation);
            java.util.Arrays.sort(train);
            return new DataSet[] {data.subset(train), data.subset(validation)};
        }

        /** The network's output size once its layers are built, else the last layer's units when written. */
        private Integer outputUnits() {
            return outputSize;
        }

        /**
         * A data set read and checked against the network.
         *
         * @param targets the table's targets, or for a two-class label and a single output its 0/1 column
         */
        private record Loaded(DataTable table, Matrix targets) {
        }

        private Loaded load(String path, DataSetSpec set, List<String> classes, Integer input, Integer outputs,
                            List<Path> files) {
            DataTable table = set.format() == null ? inline(path, set, input, outputs) : read(path, set, classes);
            if (table == null) {
                return null;
            }
            files.addAll(table.files());
            boolean ok = true;
            String source = set.format() == null ? "" : " (" + table.files().stream().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + ")";
            if (input != null && table.inputs().columns() != input) {
                problem(set.format() == null ? path + ".inputs" : path, "expected " + input
                        + " input values per sample (the spec's input) but the data has "
                        + table.inputs().columns() + source);
                ok = false;
            }
            Matrix targets = table.targets();
            if (outputs != null && outputs == 1 && table.classNames().size() == 2 && targets.columns() == 2) {
                targets = DataSet.binaryTargets(targets); // a two-class label for one (sigmoid) output: 0 or 1
            }
            if (outputs != null && targets.columns() != outputs) {
                problem(set.format() == null ? path + ".targets" : path, "expected " + outputs
                        + " target values per sample (the last layer's units) but the data has "
                        + table.targets().columns() + (table.classNames().isEmpty() ? ""
                        : " (classes " + UserText.quoteAll(table.classNames(), 10) + ")") + source);
                ok = false;
            }
            if (table.inputs().rows() == 0) {
                problem(path, "the data set has no samples");
                ok = false;
            }
            return ok ? new Loaded(table, targets) : null;
        }

        private DataTable inline(String path, DataSetSpec set, Integer inputWidth, Integer outputWidth) {
            boolean ok = true;
            for (String key : set.parameters().keySet()) {
                if (key.equals("targets")) {
                    problem(path + ".targets", "a list of column names is the csv format's targets (add format: csv "
                            + "and its path); inline targets are rows of numbers, one row per sample");
                    ok = false;
                    continue;
                }
                problem(path + "." + key, "unknown key '" + key + "'"
                        + NameSuggestions.didYouMean(key, List.of("inputs", "targets", "format"))
                        + "; inline data has inputs and targets, other data a format (available: "
                        + String.join(", ", registry.names(ComponentKind.DATA_SOURCE)) + ")");
                ok = false;
            }
            Tensor inputs = matrix(path + ".inputs", set.inputs(), inputWidth, "the spec's input");
            Tensor targets = set.parameters().containsKey("targets") ? null
                    : matrix(path + ".targets", set.targets(), outputWidth, "the last layer's units");
            if (!ok || inputs == null || targets == null) {
                return null;
            }
            if (inputs.rows() != targets.rows()) {
                problem(path + ".targets", "expected " + inputs.rows() + " rows (one per input row) but found "
                        + targets.rows());
                return null;
            }
            return new DataTable(Matrix.of(inputs), Matrix.of(targets), List.of(), List.of(), 1.0, List.of());
        }

        private DataTable read(String path, DataSetSpec set, List<String> classes) {
            if (set.inputs() != null || set.targets() != null) {
                problem(path, "give either inline inputs and targets or a format, not both");
                return null;
            }
            ComponentRef ref = new ComponentRef(set.format(), set.parameters());
            DataSourceProvider provider;
            try {
                provider = registry.dataSource(set.format());
            } catch (UnknownComponentException | DuplicateComponentException e) {
                problem(path + ".format", e.getMessage());
                return null;
            }
            DataSource source = create(ComponentKind.DATA_SOURCE, path, ref, DataSource.class);
            if (source == null) {
                return null;
            }
            try {
                return source.read(new DataContext(loaded.directory(), classes));
            } catch (DataException e) {
                problem(path, e.getMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                problem(pathParameter(path, set, provider, e.getFile()), "cannot read "
                        + UserText.escape(e.getFile()) + ": "
                        + (e.getReason() == null ? "no such file" : e.getReason()));
            } catch (java.nio.file.AccessDeniedException e) {
                problem(pathParameter(path, set, provider, e.getFile()), "cannot read "
                        + UserText.escape(e.getFile()) + ": permission denied");
            } catch (IOException | java.io.UncheckedIOException e) {
                problem(path, "cannot read the data: " + e.getMessage());
            } catch (RuntimeException e) {
                problem(path, "data format '" + set.format() + "' failed: " + e.getMessage());
            }
            return null;
        }

        /** The key of the path parameter naming {@code file}, for placing the problem; else the data set's path. */
        private String pathParameter(String path, DataSetSpec set, DataSourceProvider provider, String file) {
            for (String parameter : provider.pathParameters()) {
                Object value = set.parameters().get(parameter);
                if (value instanceof String text && file != null && Path.of(file).endsWith(Path.of(text).normalize())) {
                    return path + "." + parameter;
                }
            }
            return path;
        }

        /** Inline rows; each must have {@code width} values when it is known, else as many as row 0. */
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
                } else if (width == null && rows[0] != null && rows[r].length != rows[0].length) {
                    problem(path + "[" + r + "]", "expected " + rows[0].length + " values like row 0 but found "
                            + rows[r].length);
                    ok = false;
                }
            }
            return ok ? Tensor.of(rows) : null;
        }

        private TrainingSettings buildTraining(Optional<DataSet> train, long seed) {
            int samples = train.map(DataSet::size).orElse(0);
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
            Optional<EarlyStopping> earlyStopping = earlyStopping(training.earlyStopping(), train);
            if (!ok || earlyStopping == null) {
                return null;
            }
            int batchSize = training.batchSize() != null ? training.batchSize() : Math.max(samples, 1);
            boolean shuffle = training.shuffle() != null ? training.shuffle() : batchSize < samples;
            return new TrainingSettings(training.epochs(), batchSize, shuffle, seed, earlyStopping);
        }

        /** The early-stopping rule, empty when absent, or {@code null} after reporting a problem. */
        private Optional<EarlyStopping> earlyStopping(EarlyStoppingSpec rule, Optional<DataSet> train) {
            if (rule == null) {
                return Optional.empty();
            }
            boolean ok = true;
            String monitor = rule.monitor() == null ? "val_loss" : rule.monitor();
            if (!EarlyStopping.METRICS.contains(monitor)) {
                problem("training.early_stopping.monitor", "unknown metric '" + monitor + "'"
                        + NameSuggestions.didYouMean(monitor, EarlyStopping.METRICS)
                        + "; available: " + String.join(", ", EarlyStopping.METRICS));
                ok = false;
            } else if (monitor.startsWith("val_") && !hasValidation()) {
                problem("training.early_stopping.monitor", "monitors " + monitor + " but there is no validation set: "
                        + "add data.validation or training.validation_split, or monitor loss");
                ok = false;
            } else if (monitor.endsWith("accuracy") && train.isPresent() && !train.get().labelled()) {
                problem("training.early_stopping.monitor", "monitors " + monitor
                        + ", which needs one-hot targets (class labels); monitor loss or val_loss");
                ok = false;
            }
            int patience = rule.patience() == null ? 5 : rule.patience();
            if (patience < 1) {
                problem("training.early_stopping.patience", "expected a whole number >= 1 but found " + patience);
                ok = false;
            }
            double minDelta = rule.minDelta() == null ? 0.0 : rule.minDelta();
            if (!(minDelta >= 0)) {
                problem("training.early_stopping.min_delta", "expected a number >= 0 but found " + minDelta);
                ok = false;
            }
            boolean restoreBest = rule.restoreBest() == null || rule.restoreBest();
            return ok ? Optional.of(new EarlyStopping(monitor, patience, restoreBest, minDelta)) : null;
        }

        private boolean hasValidation() {
            return spec.data() != null && spec.data().validation() != null
                    || spec.training() != null && spec.training().validationSplit() != null;
        }

        private <T> T lookup(ComponentKind kind, String path, String name, Class<T> type) {
            try {
                registry.component(kind, name).ifPresent(used::add);
                return type.cast(registry.provider(kind, name));
            } catch (UnknownComponentException | DuplicateComponentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private <T> T create(ComponentKind kind, String path, ComponentRef ref, Class<T> type) {
            if (ref == null) {
                problem(path, "missing required key '" + path + "' (" + article(kind.displayName()) + " name, e.g. "
                        + String.join(", ", registry.names(kind).stream().limit(3).toList()) + ")");
                return null;
            }
            return create(kind, path, ref.parameters().isEmpty() ? path : path + ".name", ref.name(),
                    new ComponentParameters(ref.parameters()), true, type);
        }

        private <T> T create(ComponentKind kind, String path, String namePath, String name,
                             ComponentParameters parameters, boolean reportUnknown, Class<T> type) {
            ComponentRef ref = new ComponentRef(name, Map.of());
            ComponentProvider<?> provider;
            try {
                provider = registry.provider(kind, ref.name());
            } catch (UnknownComponentException | DuplicateComponentException e) {
                problem(namePath, e.getMessage());
                return null;
            }
            registry.component(kind, ref.name()).ifPresent(used::add);
            Object component;
            try {
                component = provider.create(parameters);
            } catch (ParameterException e) {
                problem(path + "." + e.parameter(), kind.displayName() + " '" + ref.name() + "': expected "
                        + e.expected() + " but found " + UserText.clip(e.found()));
                return null;
            } catch (dev.nn.plugins.PluginException e) {
                problem(path, e.getMessage());
                pluginFailures.add(e);
                return null;
            } catch (RuntimeException | LinkageError e) {
                problem(path, kind.displayName() + " '" + ref.name() + "' (" + provider.getClass().getName()
                        + ") failed to initialise: " + e);
                return null;
            }
            Set<String> unknown = parameters.unread();
            if (reportUnknown && !unknown.isEmpty()) {
                Set<String> accepted = new TreeSet<>(parameters.requested());
                for (String key : unknown) {
                    problem(path + "." + key, "unknown parameter '" + key + "' for " + kind.displayName() + " '"
                            + ref.name() + "'"
                            + NameSuggestions.didYouMean(key, accepted)
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

        private static String article(String word) {
            return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
        }

        private void problem(String path, String message) {
            problems.add(loaded.problem(path, message));
        }
    }
}

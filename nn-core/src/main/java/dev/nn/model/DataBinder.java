package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.data.DataSets;
import dev.nn.input.UserText;
import dev.nn.random.SplitMix64;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DuplicateComponentException;
import dev.nn.registry.NameSuggestions;
import dev.nn.registry.UnknownComponentException;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.DataSetSpec;
import dev.nn.spec.DataSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataException;
import dev.nn.spi.DataSource;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.DataTable;
import dev.nn.spi.Matrix;
import dev.nn.tensor.Tensor;
import dev.nn.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the spec's data to the network: reads each data set (inline rows or a data source), checks its widths
 * against the network's input and output, its classes against the training set's, and splits off a validation set
 * when {@code training.validation_split} asks for one.
 */
final class DataBinder {
    private final LoadedSpec loaded;
    private final ModelSpec spec;
    private final ComponentRegistry registry;
    private final ComponentResolver components;
    private final AssemblyProblems problems;

    DataBinder(LoadedSpec loaded, ComponentRegistry registry, ComponentResolver components,
               AssemblyProblems problems) {
        this.loaded = loaded;
        this.spec = loaded.spec();
        this.registry = registry;
        this.components = components;
        this.problems = problems;
    }

    /**
     * The spec's data sets checked against a network of {@code input} inputs and {@code outputs} outputs (either
     * {@code null} when unknown); none when there is no training set, which is a problem when {@code requirement}
     * is {@code REQUIRED}.
     */
    DataSets bind(Integer input, Integer outputs, ModelAssembler.DataRequirement requirement, long seed) {
        DataSpec dataSpec = spec.data();
        DataSetSpec trainSpec = dataSpec == null ? null : dataSpec.train();
        if (trainSpec == null) {
            if (requirement == ModelAssembler.DataRequirement.REQUIRED) {
                problem(dataSpec == null ? "data" : "data.train",
                        "missing required key '" + (dataSpec == null ? "data" : "train")
                                + "': training needs data.train (inline inputs and targets, or a format)");
            }
            if (dataSpec != null && (dataSpec.validation() != null || dataSpec.test() != null)) {
                problem("data.train", "validation and test sets need a training set");
            }
            return DataSets.none();
        }
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
        DataSource source = components.create(ComponentKind.DATA_SOURCE, path, ref, DataSource.class);
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

    private void problem(String path, String message) {
        problems.add(path, message);
    }
}

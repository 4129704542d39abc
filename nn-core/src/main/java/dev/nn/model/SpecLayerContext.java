package dev.nn.model;

import dev.nn.registry.ComponentKind;
import dev.nn.registry.NameSuggestions;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spi.Activation;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.LayerContext;
import dev.nn.network.WidenedActivation;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The {@link LayerContext} of one layer entry of a spec: options and starting values from its {@link LayerSpec},
 * activations and initializers through the assembly, every problem reported at its key. A problem leaves a
 * harmless stand-in (the identity, a zero initializer, no starting value) and marks the layer as failed, so the
 * layer built is discarded.
 */
final class SpecLayerContext implements LayerContext {
    /** What the assembly does for the context: create components and report problems. */
    interface Assembly {
        /**
         * Creates a component of the spec, reporting any problem; {@code null} after reporting.
         *
         * @param path where the component's parameter problems go ({@code path.<parameter>})
         * @param namePath where a problem with its name goes
         * @param reportUnknown whether parameters no getter read are reported here (else the caller does)
         */
        <T> T component(ComponentKind kind, String path, String namePath, String name, ComponentParameters parameters,
                        boolean reportUnknown, Class<T> type);

        /** The label of a created activation, e.g. {@code activation 'relu' (built-in)}. */
        String activationLabel(String name);

        void problem(String path, String message);
    }

    private static final Activation STAND_IN = new Activation() {
        @Override
        public void forward(Tensor input, Tensor output) {
            output.copyFromInPlace(input);
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
            gradInput.copyFromInPlace(gradOutput);
        }
    };

    private static final Initializer ZEROS = (weights, fanIn, fanOut, random) -> { };

    private final Assembly assembly;
    private final String path;
    private final int position;
    private final int inputSize;
    private final LayerSpec spec;
    private final ComponentParameters options;
    private final RandomGenerator random;
    private final long seed;
    private final boolean valuesChecked;
    private final Set<String> requestedValues = new LinkedHashSet<>();
    private final List<String> activationLabels = new ArrayList<>();
    private boolean failed;
    private final DataType dataType;
    private final List<String> widenedActivations = new ArrayList<>();

    /**
     * @param valuesChecked whether the caller checks the layer's values against its parameters and state by name
     *     (for values from a model file's tensors), so that {@link #reportUnused} leaves them out
     */
    SpecLayerContext(Assembly assembly, int index, int inputSize, LayerSpec spec, RandomGenerator random, long seed,
                     boolean valuesChecked, DataType dataType) {
        this.dataType = dataType;
        this.assembly = assembly;
        this.valuesChecked = valuesChecked;
        this.path = "layers[" + index + "]";
        this.position = index + 1;
        this.inputSize = inputSize;
        this.spec = spec;
        this.options = new ComponentParameters(spec.allOptions());
        this.random = random;
        this.seed = seed;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public ComponentParameters options() {
        return options;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public String displayName(String localName) {
        return localName + position;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    /** The labels of the activations created that run widened in this float32 layer. */
    List<String> widenedActivations() {
        return widenedActivations;
    }

    /** Whether a problem was reported through this context. */
    boolean failed() {
        return failed;
    }

    /** The labels of the activations created, in order; empty for a layer without one. */
    List<String> activationLabels() {
        return activationLabels;
    }

    @Override
    public Activation activation(String option, String defaultName) {
        Object value = options.getObject(option);
        ComponentRef ref = value == null ? ComponentRef.named(defaultName) : ref(option, value);
        if (ref == null) {
            return STAND_IN;
        }
        String at = path + "." + option;
        Activation activation = assembly.component(ComponentKind.ACTIVATION, at, ref.parameters().isEmpty() ? at : at + ".name",
                ref.name(), new ComponentParameters(ref.parameters()), true, Activation.class);
        return created(activation, ref.name());
    }

    @Override
    public Activation activationNamedBy(String nameOption) {
        String name = options.getString(nameOption, null);
        if (name == null) {
            fail(path, "missing required key '" + nameOption + "' (the activation's name)");
            return STAND_IN;
        }
        Activation activation = assembly.component(ComponentKind.ACTIVATION, path, path + "." + nameOption, name, options,
                false, Activation.class);
        return created(activation, name);
    }

    private Activation created(Activation activation, String name) {
        if (activation == null) {
            failed = true;
            return STAND_IN;
        }
        activationLabels.add(assembly.activationLabel(name));
        if (dataType == DataType.FLOAT32 && !activation.supportsFloat32()) {
            widenedActivations.add(assembly.activationLabel(name));
            return WidenedActivation.of(activation);
        }
        return activation;
    }

    @Override
    public Initializer initializer(String option, String defaultName) {
        Object value = options.getObject(option);
        ComponentRef ref = value == null ? ComponentRef.named(defaultName) : ref(option, value);
        if (ref == null) {
            return ZEROS;
        }
        String at = path + "." + option;
        Initializer initializer = assembly.component(ComponentKind.INITIALIZER, at,
                ref.parameters().isEmpty() ? at : at + ".name", ref.name(),
                new ComponentParameters(ref.parameters()), true, Initializer.class);
        if (initializer == null) {
            failed = true;
            return ZEROS;
        }
        return initializer;
    }

    /** A component option's value (a name, or a mapping with a name) as a reference; {@code null} after reporting. */
    private ComponentRef ref(String option, Object value) {
        Optional<ComponentRef> ref = ComponentRef.ofOption(value);
        if (ref.isEmpty()) {
            fail(path + "." + option, "expected a name or a mapping with 'name' but found " + describe(value));
        }
        return ref.orElse(null);
    }

    @Override
    public Optional<Tensor> initialValue(String name, int rows, int columns) {
        requestedValues.add(name);
        if (name.equals("weights") && spec.weights() != null) {
            return weights(path + ".weights", spec.weights(), rows, columns);
        }
        if (name.equals("bias") && spec.bias() != null) {
            return vector(path + ".bias", toList(spec.bias()), rows, columns, " (one per unit)");
        }
        if (name.equals("weights") || name.equals("bias")) {
            return Optional.empty();
        }
        for (String key : List.of("parameters", "state")) {
            Map<String, Object> values = key.equals("parameters") ? spec.parameters() : spec.state();
            if (values != null && values.containsKey(name)) {
                return value(path + "." + key + "." + name, values.get(name), rows, columns);
            }
        }
        return Optional.empty();
    }

    /**
     * Reports the options and starting values the layer did not ask for; call after creating the layer.
     *
     * @param created whether the layer was created; when it refused an option instead, it may not have asked for
     *     its starting values yet, so those are not reported
     * @return how many unknown keys were reported
     */
    int reportUnused(String type, boolean created) {
        Set<String> valid = new TreeSet<>(options.requested());
        valid.add("type");
        List<String> named = requestedValues.stream().filter(n -> !n.equals("weights") && !n.equals("bias"))
                .toList();
        List<String> unknown = new ArrayList<>(options.unread());
        if (!created && type.equals("dense")) {
            valid.addAll(List.of("weights", "bias")); // dense's typed keys (LayerSpec), asked for once it has units
        }
        if (created && !valuesChecked) {
            for (String key : List.of("weights", "bias")) {
                if (requestedValues.contains(key)) {
                    valid.add(key);
                }
            }
            if (!named.isEmpty()) {
                valid.add("parameters");
                valid.add("state");
            }
            if (spec.weights() != null && !valid.contains("weights")) {
                unknown.add("weights");
            }
            if (spec.bias() != null && !valid.contains("bias")) {
                unknown.add("bias");
            }
            if (spec.parameters() != null && named.isEmpty()) {
                unknown.add("parameters");
            }
            if (spec.state() != null && named.isEmpty()) {
                unknown.add("state");
            }
        }
        for (String key : unknown) {
            fail(path + "." + key, "unknown key '" + key + "' for layer type '" + type + "'"
                    + NameSuggestions.didYouMean(key, valid) + "; valid keys here: " + String.join(", ", valid));
        }
        if (!created || named.isEmpty() || valuesChecked) {
            return unknown.size();
        }
        for (String key : List.of("parameters", "state")) {
            Map<String, Object> values = key.equals("parameters") ? spec.parameters() : spec.state();
            if (values == null) {
                continue;
            }
            for (String name : values.keySet()) {
                if (!named.contains(name)) {
                    fail(path + "." + key + "." + name, "unknown " + (key.equals("state") ? "state" : "parameter")
                            + " '" + name + "' for layer type '" + type + "'"
                            + NameSuggestions.didYouMean(name, named) + "; it has: " + String.join(", ", named));
                }
            }
        }
        return unknown.size();
    }

    private Optional<Tensor> weights(String at, double[][] weights, int rows, int columns) {
        if (valuesChecked && !shape(weights).equals(List.of(rows, columns))) {
            fail(at, "expected shape " + List.of(rows, columns) + " (a row per unit, a column per input) but found "
                    + shape(weights));
            return Optional.empty();
        }
        boolean ok = true;
        if (weights.length != rows) {
            fail(at, "expected " + rows + " rows (one per unit) of " + columns
                    + " values (the layer's inputs) but found " + weights.length + " rows");
            ok = false;
        }
        for (int r = 0; r < weights.length; r++) {
            if (weights[r] == null) {
                fail(at + "[" + r + "]", "expected a row of " + columns + " numbers but found null");
                ok = false;
            } else if (weights[r].length != columns) {
                fail(at + "[" + r + "]", "expected " + columns + " values (the layer's inputs) but found "
                        + weights[r].length);
                ok = false;
            }
        }
        return ok ? Optional.of(Tensor.of(weights)) : Optional.empty();
    }

    private static List<Object> toList(double[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    /** The shape of a tensor's rows, from a model file (so all rows are alike). */
    private static List<Integer> shape(double[][] rows) {
        return List.of(rows.length, rows.length == 0 ? 0 : rows[0].length);
    }

    /** The shape of a value from a model file: a vector's {@code [n]} or a matrix's {@code [rows, columns]}. */
    private static List<Integer> shape(List<?> value) {
        return !value.isEmpty() && value.get(0) instanceof List<?> row ? List.of(value.size(), row.size())
                : List.of(value.size());
    }

    /** A saved value: a list of numbers for a vector ({@code rows == 1}), else a list of rows. */
    private Optional<Tensor> value(String at, Object value, int rows, int columns) {
        if (valuesChecked && value instanceof List<?> list) {
            List<Integer> expected = rows == 1 ? List.of(columns) : List.of(rows, columns);
            if (!shape(list).equals(expected) && !(rows == 1 && shape(list).equals(List.of(1, columns)))) {
                fail(at, "expected shape " + expected + " but found " + shape(list));
                return Optional.empty();
            }
        }
        if (!(value instanceof List<?> list)) {
            fail(at, "expected " + (rows == 1 ? "a list of " + columns + " numbers" : rows + " rows of " + columns
                    + " numbers") + " but found " + describe(value));
            return Optional.empty();
        }
        if (rows == 1 && (list.isEmpty() || !(list.get(0) instanceof List<?>))) {
            return vector(at, list, rows, columns, "");
        }
        if (list.size() != rows) {
            fail(at, "expected " + rows + " rows of " + columns + " values but found " + list.size()
                    + (list.size() == 1 ? " row" : " rows"));
            return Optional.empty();
        }
        double[][] matrix = new double[rows][];
        boolean ok = true;
        for (int r = 0; r < rows; r++) {
            Object row = list.get(r);
            Optional<Tensor> parsed = row instanceof List<?> values ? vector(at + "[" + r + "]", values, 1, columns, "")
                    : Optional.empty();
            if (!(row instanceof List<?>)) {
                fail(at + "[" + r + "]", "expected a row of " + columns + " numbers but found " + describe(row));
            }
            if (parsed.isEmpty()) {
                ok = false;
            } else {
                matrix[r] = parsed.get().data();
            }
        }
        return ok ? Optional.of(Tensor.of(matrix)) : Optional.empty();
    }

    private Optional<Tensor> vector(String at, List<?> values, int rows, int columns, String meaning) {
        if (rows != 1) {
            fail(at, "expected " + rows + " rows of " + columns + " values but found a list of numbers");
            return Optional.empty();
        }
        if (values.size() != columns) {
            fail(at, "expected " + columns + " values" + meaning + " but found " + values.size());
            return Optional.empty();
        }
        double[] data = new double[columns];
        for (int c = 0; c < columns; c++) {
            if (!(values.get(c) instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                fail(at + "[" + c + "]", "expected a finite number but found " + describe(values.get(c)));
                return Optional.empty();
            }
            data[c] = number.doubleValue();
        }
        return Optional.of(Tensor.row(data));
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof List<?> list) {
            return "a list of " + list.size();
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        return String.valueOf(value);
    }

    private void fail(String at, String message) {
        failed = true;
        assembly.problem(at, message);
    }
}

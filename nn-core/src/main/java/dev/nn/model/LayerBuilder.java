package dev.nn.model;

import dev.nn.network.WidenedLayer;
import dev.nn.random.SplitMix64;
import dev.nn.tensor.DataType;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.PluginException;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.ParameterException;
import dev.nn.spec.LoadedSpec;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the spec's layers in order through their providers ({@link SpecLayerContext}), each from the previous
 * layer's output size, refusing a layer beyond one array before it allocates; records each layer's label and
 * output activation for traces.
 */
final class LayerBuilder {
    /** The most weights one layer may have: the largest array the JVM allocates. */
    static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;
    private static final String DEFAULT_LAYER = "dense";

    private final ModelSpec spec;
    private final ComponentResolver components;
    private final AssemblyProblems problems;
    private final boolean valuesFromFile;
    private final List<String> activationLabels = new ArrayList<>();
    private final List<String> layerLabels = new ArrayList<>();
    private final List<Map<String, Object>> resolvedOptions = new ArrayList<>();
    private final List<String> widened = new ArrayList<>();
    private DataType dataType = DataType.FLOAT64;

    /**
     * @param valuesFromFile whether the layers' values came from a model file's tensors: each layer must then have
     *     exactly one for every parameter and state tensor it has, none missing and none besides
     */
    LayerBuilder(ModelSpec spec, ComponentResolver components, AssemblyProblems problems, boolean valuesFromFile) {
        this.spec = spec;
        this.components = components;
        this.problems = problems;
        this.valuesFromFile = valuesFromFile;
    }

    /** Per built layer, the label of its output activation ("no activation" when it has none). */
    List<String> activationLabels() {
        return List.copyOf(activationLabels);
    }

    /**
     * Per built layer, every option its provider read with the value it used, defaults included
     * ({@link ComponentParameters#resolved()}); component options as written, their resolved form being the
     * resolver's.
     */
    List<Map<String, Object>> resolvedOptions() {
        return List.copyOf(resolvedOptions);
    }

    /**
     * In a float32 network, the components built that run widened (in float64 at their boundary), each with its
     * layer, e.g. {@code layer 2: activation 'swish' (plugin nn-example-plugin.jar)}.
     */
    List<String> widened() {
        return List.copyOf(widened);
    }

    /** Per built layer, its type's label, e.g. {@code type 'dense' (built in)}. */
    List<String> layerLabels() {
        return List.copyOf(layerLabels);
    }

    /**
     * The spec's layers, each built from the previous one's output size ({@code input} for the first) with a
     * random stream seeded by {@code seed}; all of them, or an empty list after reporting the problems.
     */
    List<Layer> build(Integer input, long seed, DataType dataType) {
        this.dataType = dataType;
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
            LayerProvider provider = components.lookup(ComponentKind.LAYER, path + ".type", type, LayerProvider.class);
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
                seed, valuesFromFile, dataType);
        Layer layer;
        try {
            layer = provider.create(context);
        } catch (ParameterException e) {
            // A missing option beside an unknown key is most likely that key misspelt ('unit' for 'units'): the
            // unknown key, with its suggestion, is then the one problem to report.
            int unknown = context.reportUnused(type, false);
            if (unknown == 0 || !e.found().equals("nothing")) {
                problem(path + "." + e.parameter(), "layer type '" + type + "': expected " + e.expected()
                        + " but found " + e.found());
            }
            return null;
        } catch (RuntimeException e) {
            problem(path, "layer type '" + type + "' could not be created: " + e.getMessage());
            if (e instanceof PluginException) {
                problems.pluginFailure(e);
            }
            return null;
        }
        context.reportUnused(type, true);
        if (layer != null && valuesFromFile && !hasExactlyItsTensors(layer, layerSpec, path, index)) {
            return null;
        }
        if (context.failed() || layer == null) {
            return null;
        }
        if (layer.inputSize() != fanIn || layer.outputSize() < 1) {
            problem(path, "layer type '" + type + "' built a layer of " + layer.inputSize() + " inputs and "
                    + layer.outputSize() + " outputs; expected " + fanIn + " inputs and at least one output");
            return null;
        }
        context.widenedActivations().forEach(label -> widened.add("layer " + (index + 1) + ": " + label));
        if (dataType == DataType.FLOAT32 && !layer.supportsFloat32()) {
            widened.add("layer " + (index + 1) + ": " + components.label(ComponentKind.LAYER, type));
            layer = WidenedLayer.of(layer);
        }
        List<String> activations = context.activationLabels();
        activationLabels.add(activations.isEmpty() ? "no activation" : activations.get(activations.size() - 1));
        layerLabels.add(components.label(ComponentKind.LAYER, type).replaceFirst("^layer ", "type "));
        resolvedOptions.add(context.options().resolved());
        return layer;
    }

    /**
     * Whether the file gave {@code layer} a value for each of its parameters and state tensors and nothing else;
     * reports each one missing or besides, at its tensor.
     */
    private boolean hasExactlyItsTensors(Layer layer, LayerSpec layerSpec, String path, int index) {
        Map<String, String> own = new LinkedHashMap<>();
        for (Parameter parameter : layer.parameters()) {
            own.put(parameter.localName(), valuePath(path, "parameters", parameter.localName()));
        }
        for (StateTensor tensor : layer.state()) {
            own.put(tensor.localName(), valuePath(path, "state", tensor.localName()));
        }
        Map<String, String> given = new LinkedHashMap<>();
        if (layerSpec.weights() != null) {
            given.put("weights", path + ".weights");
        }
        if (layerSpec.bias() != null) {
            given.put("bias", path + ".bias");
        }
        for (String key : List.of("parameters", "state")) {
            Map<String, Object> values = key.equals("parameters") ? layerSpec.parameters() : layerSpec.state();
            if (values != null) {
                values.keySet().forEach(name -> given.put(name, valuePath(path, key, name)));
            }
        }
        String has = own.isEmpty() ? "this layer has no parameters or state"
                : "this layer's tensors are " + own.keySet().stream().map(name -> LoadedSpec.tensorName(index, name))
                        .collect(Collectors.joining(", "));
        boolean exact = true;
        for (Map.Entry<String, String> entry : own.entrySet()) {
            if (!given.containsKey(entry.getKey())) {
                problem(entry.getValue(), "missing; " + has);
                exact = false;
            }
        }
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (!own.containsKey(entry.getKey())) {
                problem(entry.getValue(), "not a parameter or state of this layer; " + has);
                exact = false;
            }
        }
        return exact;
    }

    /** Where a value is in a layer entry: a dense layer's own key for weights and bias, else under {@code key}. */
    private static String valuePath(String path, String key, String name) {
        return name.equals("weights") || name.equals("bias") ? path + "." + name : path + "." + key + "." + name;
    }

    private final SpecLayerContext.Assembly layerContextAssembly = new SpecLayerContext.Assembly() {
        @Override
        public <T> T component(ComponentKind kind, String path, String namePath, String name,
                               ComponentParameters parameters, boolean reportUnknown, Class<T> type) {
            return components.create(kind, path, namePath, name, parameters, reportUnknown, type);
        }

        @Override
        public String activationLabel(String name) {
            return components.label(ComponentKind.ACTIVATION, name);
        }

        @Override
        public void problem(String path, String message) {
            LayerBuilder.this.problem(path, message);
        }
    };

    private void problem(String path, String message) {
        problems.add(path, message);
    }
}

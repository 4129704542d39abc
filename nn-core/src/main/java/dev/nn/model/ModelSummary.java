package dev.nn.model;

import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model is made of, layer by layer, as {@code nn summary} shows it (Keras' {@code model.summary()}): each
 * layer's type, output width, trainable parameters, activation and state tensors, the totals, the loss and the
 * optimizer. Computed from the built network, so a plugin layer counts as it really is.
 *
 * @param name the model's name
 * @param source the file, as the user named it
 * @param input the number of inputs per sample
 * @param layers one entry per layer, in order
 * @param loss the loss, with its parameters
 * @param optimizer the optimizer, with its parameters
 * @param dtype the element type the network computes in, {@code float64} or {@code float32}
 * @param widened in a float32 network, the components written for float64 that run widened (see
 *     {@link Model#widened()}); empty otherwise
 */
public record ModelSummary(String name, String source, int input, List<LayerSummary> layers, ComponentRef loss,
                           ComponentRef optimizer, String dtype, List<String> widened) {
    public ModelSummary {
        layers = List.copyOf(layers);
        widened = List.copyOf(widened);
    }

    /**
     * One layer.
     *
     * @param index the position in {@code layers}, from 0 (as in {@code layers[0]})
     * @param type the layer type, e.g. {@code dense}
     * @param outputs the values per sample it gives
     * @param activation the activation a {@code dense} or {@code activation} layer applies; empty for other types
     * @param parameters the trainable tensors by local name ({@code weights}, {@code gamma}), in order
     * @param state the non-trainable tensors by local name ({@code running_mean}), in order
     */
    public record LayerSummary(int index, String type, int outputs, Optional<ComponentRef> activation,
                               List<TensorShape> parameters, List<TensorShape> state) {
        public LayerSummary {
            parameters = List.copyOf(parameters);
            state = List.copyOf(state);
        }

        /** The number of trainable values. */
        public long parameterCount() {
            return parameters.stream().mapToLong(TensorShape::size).sum();
        }

        /** The number of state values. */
        public long stateCount() {
            return state.stream().mapToLong(TensorShape::size).sum();
        }
    }

    /**
     * A tensor's name and shape, as stored: rows x columns (a dense layer's {@code weights} are units x inputs, as in the spec).
     *
     * @param name the local name, e.g. {@code weights}
     * @param rows the rows
     * @param columns the columns
     */
    public record TensorShape(String name, int rows, int columns, int bytesPerValue) {
        /** The number of values. */
        public long size() {
            return (long) rows * columns;
        }
    }

    /**
     * The summary of an assembled model.
     *
     * @param source the file it came from, as the user named it (for a model file, the file rather than its entry)
     */
    public static ModelSummary of(Model model, String source) {
        List<LayerSpec> specs = model.spec().spec().layers();
        List<Layer> built = model.network().layers();
        List<LayerSummary> layers = new ArrayList<>();
        for (int i = 0; i < built.size(); i++) {
            Layer layer = built.get(i);
            LayerSpec spec = specs.get(i);
            List<TensorShape> parameters = new ArrayList<>();
            for (Parameter parameter : layer.parameters()) {
                parameters.add(shape(parameter.localName(), parameter.value()));
            }
            List<TensorShape> state = new ArrayList<>();
            for (StateTensor tensor : layer.state()) {
                state.add(shape(tensor.localName(), tensor.value()));
            }
            String type = spec.type() == null ? "dense" : spec.type();
            layers.add(new LayerSummary(i, type, layer.outputSize(), activation(type, spec), parameters, state));
        }
        return new ModelSummary(model.name(), source, model.network().inputSize(), layers,
                model.spec().spec().loss(), model.spec().spec().optimizer(), model.network().dataType().specName(),
                model.widened());
    }

    /** The number of trainable values. */
    public long parameterCount() {
        return layers.stream().mapToLong(LayerSummary::parameterCount).sum();
    }

    /** The number of state values. */
    public long stateCount() {
        return layers.stream().mapToLong(LayerSummary::stateCount).sum();
    }

    /**
     * The bytes the parameter and state values take as stored: 8 per float64 value, 4 per float32 one (a widened
     * layer's stay float64).
     */
    public long bytes() {
        long bytes = 0;
        for (LayerSummary layer : layers) {
            for (TensorShape shape : layer.parameters()) {
                bytes += shape.size() * shape.bytesPerValue();
            }
            for (TensorShape shape : layer.state()) {
                bytes += shape.size() * shape.bytesPerValue();
            }
        }
        return bytes;
    }

    private static TensorShape shape(String name, Tensor value) {
        return new TensorShape(name, value.rows(), value.columns(), value.isFloat32() ? Float.BYTES : Double.BYTES);
    }

    private static Optional<ComponentRef> activation(String type, LayerSpec spec) {
        if (type.equals("dense")) {
            return Optional.of(spec.activation() == null ? ComponentRef.named("identity") : spec.activation());
        }
        if (type.equals("activation") && spec.options().get("name") instanceof String name) {
            Map<String, Object> parameters = new LinkedHashMap<>(spec.options());
            parameters.remove("name");
            return Optional.of(new ComponentRef(name, parameters));
        }
        return Optional.empty();
    }
}

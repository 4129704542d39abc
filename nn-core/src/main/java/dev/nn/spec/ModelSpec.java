package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A model spec as written in YAML. Every field may be {@code null} when the file leaves it out; what is required
 * is checked by the code that uses the spec, so that all problems can be reported together.
 *
 * @param version the schema version; {@code 1} when given
 * @param name a label for the model
 * @param seed seeds weight initialisation and shuffling; 0 when absent
 * @param input the number of input features
 * @param layers the layers, applied in order
 * @param loss the loss, a name or a mapping with parameters
 * @param optimizer the optimizer, a name or a mapping with parameters
 * @param training how to train
 * @param data the data sets
 * @param metadata what a saved model carries (class names, input scaling, provenance)
 * @param dtype the element type the network trains and predicts in, {@code float64} (when absent) or
 *     {@code float32}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "name", "seed", "dtype", "input", "layers", "loss", "optimizer", "training", "data",
    "metadata"})
public record ModelSpec(
        Integer version,
        String name,
        Long seed,
        Integer input,
        List<LayerSpec> layers,
        ComponentRef loss,
        ComponentRef optimizer,
        TrainingSpec training,
        DataSpec data,
        ModelMetadata metadata,
        String dtype) {

    /** A spec without a {@code dtype} (float64). */
    public ModelSpec(Integer version, String name, Long seed, Integer input, List<LayerSpec> layers,
                     ComponentRef loss, ComponentRef optimizer, TrainingSpec training, DataSpec data,
                     ModelMetadata metadata) {
        this(version, name, seed, input, layers, loss, optimizer, training, data, metadata, null);
    }

    /** A spec without metadata. */
    public ModelSpec(Integer version, String name, Long seed, Integer input, List<LayerSpec> layers,
                     ComponentRef loss, ComponentRef optimizer, TrainingSpec training, DataSpec data) {
        this(version, name, seed, input, layers, loss, optimizer, training, data, null);
    }

    /** This spec with {@code layers} replaced. */
    public ModelSpec withLayers(List<LayerSpec> newLayers) {
        return new ModelSpec(version, name, seed, input, newLayers, loss, optimizer, training, data, metadata, dtype);
    }

    /** This spec with {@code dtype} replaced ({@code null}: the default, float64). */
    public ModelSpec withDtype(String newDtype) {
        return new ModelSpec(version, name, seed, input, layers, loss, optimizer, training, data, metadata, newDtype);
    }

    /** This spec with {@code data} replaced. */
    public ModelSpec withData(DataSpec newData) {
        return new ModelSpec(version, name, seed, input, layers, loss, optimizer, training, newData, metadata, dtype);
    }

    /** This spec with {@code metadata} replaced. */
    public ModelSpec withMetadata(ModelMetadata newMetadata) {
        return new ModelSpec(version, name, seed, input, layers, loss, optimizer, training, data, newMetadata, dtype);
    }
}

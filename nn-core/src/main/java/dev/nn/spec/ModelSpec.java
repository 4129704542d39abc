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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "name", "seed", "input", "layers", "loss", "optimizer", "training", "data"})
public record ModelSpec(
        Integer version,
        String name,
        Long seed,
        Integer input,
        List<LayerSpec> layers,
        ComponentRef loss,
        ComponentRef optimizer,
        TrainingSpec training,
        DataSpec data) {

    /** This spec with {@code layers} replaced. */
    public ModelSpec withLayers(List<LayerSpec> newLayers) {
        return new ModelSpec(version, name, seed, input, newLayers, loss, optimizer, training, data);
    }
}

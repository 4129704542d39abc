package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One layer as written in YAML.
 *
 * @param type the layer type; {@code dense} when absent
 * @param units the number of outputs
 * @param activation a name or a mapping with parameters; {@code identity} when absent
 * @param weights starting weights, {@code units} rows of fan-in values
 * @param bias starting bias, {@code units} values; zeros when absent
 * @param init the initialiser for absent weights; chosen by the activation when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "units", "activation", "init", "weights", "bias"})
public record LayerSpec(
        String type,
        Integer units,
        ComponentRef activation,
        double[][] weights,
        double[] bias,
        ComponentRef init) {

    /** This layer with the given weights and bias and no initialiser (they are no longer needed). */
    public LayerSpec withValues(double[][] newWeights, double[] newBias) {
        return new LayerSpec(type, units, activation, newWeights, newBias, null);
    }
}

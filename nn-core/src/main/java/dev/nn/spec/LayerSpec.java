package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer as written in YAML: its {@code type}, its options, and its starting values.
 *
 * <p>The dense layer's keys are bound with their types ({@code units} a whole number, {@code weights} a list of
 * rows, ...), so a value of the wrong type is placed at its key while reading; every other key is an option of the
 * layer type, which reports the options it does not know.
 *
 * @param type the layer type; {@code dense} when absent
 * @param units the number of outputs (dense)
 * @param activation a name or a mapping with parameters (dense; {@code identity} when absent)
 * @param weights starting weights, {@code units} rows of fan-in values (dense)
 * @param bias starting bias, {@code units} values (dense; zeros when absent)
 * @param init the initialiser for absent weights (dense; chosen by the activation when absent)
 * @param parameters starting values of the other layers' parameters by name: a list of numbers for a vector, a list
 *     of rows for a matrix; {@code null} when absent
 * @param state starting values of the layer's state by name, written like {@code parameters}; {@code null} when
 *     absent
 * @param options every other key, as YAML gives it; never {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "units", "activation", "init", "weights", "bias", "parameters", "state"})
public record LayerSpec(
        String type,
        Integer units,
        ComponentRef activation,
        double[][] weights,
        double[] bias,
        ComponentRef init,
        Map<String, Object> parameters,
        Map<String, Object> state,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> options) {

    /** The keys of a layer entry that are not options: they give starting values. */
    public static final java.util.List<String> VALUE_KEYS = java.util.List.of("weights", "bias", "parameters",
            "state");

    public LayerSpec {
        options = options == null ? new LinkedHashMap<>() : options;
    }

    /** A dense layer as written before layer types had options. */
    public static LayerSpec dense(Integer units, ComponentRef activation, double[][] weights, double[] bias,
                                  ComponentRef init) {
        return new LayerSpec(null, units, activation, weights, bias, init, null, null, null);
    }

    /**
     * This layer with the given starting values and no initialiser (no longer needed): dense {@code weights} and
     * {@code bias} when given, the others under {@code parameters:} and {@code state:}.
     */
    public LayerSpec withValues(double[][] newWeights, double[] newBias, Map<String, Object> newParameters,
                                Map<String, Object> newState) {
        return new LayerSpec(type, units, activation, newWeights, newBias, null,
                newParameters == null || newParameters.isEmpty() ? null : newParameters,
                newState == null || newState.isEmpty() ? null : newState, options);
    }

    /** Every option as a raw value: the typed dense keys (when written) and every other key. */
    public Map<String, Object> allOptions() {
        Map<String, Object> all = new LinkedHashMap<>();
        if (units != null) {
            all.put("units", units);
        }
        if (activation != null) {
            all.put("activation", activation.toYaml());
        }
        if (init != null) {
            all.put("init", init.toYaml());
        }
        all.putAll(options);
        return Collections.unmodifiableMap(all);
    }
}

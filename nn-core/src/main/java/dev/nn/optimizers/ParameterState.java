package dev.nn.optimizers;

import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One zero-initialised tensor per parameter position, created on first use in the parameter's type (an optimizer's
 * moment or velocity), saved and loaded as {@code <name>.<position>}.
 */
final class ParameterState {
    private final String name;
    private final List<Tensor> tensors = new ArrayList<>();

    /** @param name the state's name in a checkpoint, e.g. {@code velocity} */
    ParameterState(String name) {
        this.name = name;
    }

    Tensor get(int index, Parameter parameter) {
        while (tensors.size() <= index) {
            tensors.add(null);
        }
        Tensor tensor = tensors.get(index);
        Tensor value = parameter.value();
        if (tensor == null) {
            tensor = Tensor.zeros(value.rows(), value.columns(), value.dataType());
            tensors.set(index, tensor);
        } else if (tensor.dataType() != value.dataType()) {
            // Loaded from a checkpoint written in the other type (float64 state of a float32 parameter, from a build
            // that updated float32 parameters through float64 views): converted once, rounded to float32 if need be.
            tensor = tensor.copyAs(value.dataType());
            tensors.set(index, tensor);
        }
        return tensor;
    }

    /** Adds {@code <name>.<position>} for every tensor created so far to {@code state}. */
    void saveInto(Map<String, Tensor> state) {
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i) != null) {
                state.put(name + "." + i, tensors.get(i));
            }
        }
    }

    /**
     * Takes (copies of) the {@code <name>.<position>} entries of {@code state}, removing them from it, so that what
     * is left over is what no state claimed.
     */
    void loadFrom(Map<String, Tensor> state) {
        tensors.clear();
        String prefix = name + ".";
        Map<String, Tensor> mine = new LinkedHashMap<>();
        state.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                mine.put(key, value);
            }
        });
        for (Map.Entry<String, Tensor> entry : mine.entrySet()) {
            int index;
            try {
                index = Integer.parseInt(entry.getKey().substring(prefix.length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown optimizer state '" + entry.getKey() + "'");
            }
            if (index < 0 || index > 1_000_000) {
                throw new IllegalArgumentException("optimizer state '" + entry.getKey() + "': no such parameter");
            }
            while (tensors.size() <= index) {
                tensors.add(null);
            }
            tensors.set(index, entry.getValue().copy());
            state.remove(entry.getKey());
        }
    }

    /**
     * Checks that every loaded tensor has its parameter's shape (called on the first step after loading, when the
     * parameters are known).
     */
    void checkShapes(List<Parameter> parameters) {
        for (int i = 0; i < tensors.size(); i++) {
            Tensor tensor = tensors.get(i);
            if (tensor == null) {
                continue;
            }
            if (i >= parameters.size()) {
                throw new IllegalArgumentException("optimizer state " + name + "." + i + " for parameter " + (i + 1)
                        + ", but there are " + parameters.size() + " parameters");
            }
            Tensor value = parameters.get(i).value();
            if (tensor.rows() != value.rows() || tensor.columns() != value.columns()) {
                throw new IllegalArgumentException("optimizer state " + name + "." + i + " is " + tensor.shape()
                        + " but parameter " + parameters.get(i).name() + " is " + value.shape());
            }
        }
    }

    /** Throws when {@code state} holds a name that no state of the optimizer took. */
    static void requireEmpty(Map<String, Tensor> leftOver) {
        if (!leftOver.isEmpty()) {
            throw new IllegalArgumentException("unknown optimizer state: " + String.join(", ", leftOver.keySet()));
        }
    }
}

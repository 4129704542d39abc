package dev.nn.checkpoint;

import dev.nn.network.Network;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network's tensors by their names in a model file, {@code layers.<i>.<localName>} (i from 0), in the order the
 * trainer copies them: every parameter of every layer, then every state tensor of every layer.
 */
final class NetworkTensors {
    private NetworkTensors() {
    }

    /** The names of the network's parameters, then of its state tensors. */
    static List<String> names(Network network) {
        List<String> names = new ArrayList<>();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter parameter : layers.get(i).parameters()) {
                names.add("layers." + i + "." + parameter.localName());
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            for (StateTensor state : layers.get(i).state()) {
                names.add("layers." + i + "." + state.localName());
            }
        }
        return names;
    }

    /** The network's own tensors, parameters then state. */
    static List<Tensor> live(Network network) {
        List<Tensor> values = new ArrayList<>();
        network.parameters().forEach(p -> values.add(p.value()));
        network.state().forEach(s -> values.add(s.value()));
        return values;
    }

    /** {@code values} (in the order of {@link #names}) by name. */
    static Map<String, Tensor> named(Network network, List<Tensor> values) {
        List<String> names = names(network);
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(values.size() + " tensors for " + names.size() + " names");
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), values.get(i));
        }
        return named;
    }

    /**
     * The tensors of {@code saved} in the order of {@link #names}, each checked for its shape.
     *
     * @param what how messages name the set, e.g. {@code ckpt/epoch-0003.nn: tensors.safetensors}
     */
    static List<Tensor> ordered(Network network, Map<String, Tensor> saved, String what) {
        List<String> names = names(network);
        List<Tensor> live = live(network);
        List<Tensor> ordered = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Tensor tensor = saved.get(names.get(i));
            if (tensor == null) {
                throw new CheckpointException(what + " has no tensor " + names.get(i)
                        + ": the checkpoint is not of this network");
            }
            Tensor expected = live.get(i);
            if (tensor.rows() != expected.rows() || tensor.columns() != expected.columns()) {
                throw new CheckpointException(what + ": " + names.get(i) + " is " + tensor.shape()
                        + ", the network's is " + expected.shape() + ": the checkpoint is not of this network");
            }
            ordered.add(tensor);
        }
        if (saved.size() != names.size()) {
            List<String> extra = new ArrayList<>(saved.keySet());
            extra.removeAll(names);
            throw new CheckpointException(what + " has tensors this network lacks: " + String.join(", ", extra));
        }
        return ordered;
    }
}

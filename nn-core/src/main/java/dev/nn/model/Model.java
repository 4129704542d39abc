package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.data.DataSets;
import dev.nn.network.Network;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecProblem;
import dev.nn.spi.Optimizer;
import dev.nn.train.NetworkLabels;
import dev.nn.train.TrainingSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a spec describes, built and checked.
 *
 * @param spec the spec it came from
 * @param network the network with its starting parameters
 * @param optimizer a fresh optimizer for the network
 * @param training the training settings
 * @param data the data sets, when the spec has them
 * @param components every component the model uses (for provenance: which plugin jars it needs)
 * @param warnings things that are allowed but probably wrong, e.g. a loss that expects probabilities after an
 *     activation that does not produce them
 * @param labels how messages name each layer's activation and type and the loss, with where each came from
 * @param resolvedSpec the spec with every default written out, as it was used ({@link ResolvedSpec}): a spec that
 *     assembles and trains identically ({@code nn config})
 * @param widened in a float32 network, the components written for float64 that run widened (in float64 at their
 *     boundary), e.g. {@code layer 2: activation 'swish' (plugin nn-example-plugin.jar)}; empty otherwise
 */
public record Model(LoadedSpec spec, Network network, Optimizer optimizer, TrainingSettings training,
                    DataSets data, List<DiscoveredComponent> components, List<SpecProblem> warnings,
                    NetworkLabels labels, ModelSpec resolvedSpec, List<String> widened) {
    public Model {
        widened = List.copyOf(widened);
        Objects.requireNonNull(resolvedSpec, "resolvedSpec is null");
        Objects.requireNonNull(labels, "labels is null");
        components = List.copyOf(components);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(network, "network is null");
        Objects.requireNonNull(optimizer, "optimizer is null");
        Objects.requireNonNull(training, "training is null");
        Objects.requireNonNull(data, "data is null");
    }

    /** The training set, when the spec has one. */
    public Optional<DataSet> train() {
        return data.train();
    }

    /** The spec's name, or the file name without extension. */
    public String name() {
        String name = spec.spec().name();
        if (name != null && !name.isBlank()) {
            return name;
        }
        String file = spec.file().getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}

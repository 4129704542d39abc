package dev.nn.model;

import dev.nn.spec.ComponentRef;
import dev.nn.spec.DataSetSpec;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelMetadata;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A trained model, as {@code nn train --save} writes it (a {@code .nn} model file or YAML), loaded for use
 * ({@code nn predict}, {@code nn evaluate}, the Java API): the network with its trained parameters and what the
 * metadata says about its inputs and outputs.
 *
 * @param saved the spec as saved, data section included
 * @param model the assembled model
 * @param classes the class of each output for a classifier (the metadata's {@code classes}, else {@code 0, 1, ...}
 *     when the loss is a classification loss); empty for regression
 * @param features the input columns by name, when the training data named them; empty otherwise
 * @param inputScale the factor the training data applied to raw inputs, which predict applies too
 */
public record TrainedModel(ModelSpec saved, Model model, List<String> classes, List<String> features, double inputScale) {
    public TrainedModel {
        classes = List.copyOf(classes);
        features = List.copyOf(features);
    }

    /**
     * Checks that {@code loaded} holds trained values and builds it with {@code assemble}.
     *
     * @param readData whether {@code assemble} gets the spec's data sets ({@code evaluate --data test}); when false
     *     the data section is left out, so a model still works after its training files are gone
     * @param assemble builds the model (the caller reports its warnings; {@link ModelAssembler#assemble})
     * @throws UnusableModelException when a layer has no trained values, or the feature names do not fit
     */
    public static TrainedModel of(LoadedSpec loaded, boolean readData, Function<LoadedSpec, Model> assemble) {
        requireTrained(loaded);
        Model model = assemble.apply(readData ? loaded : withoutData(loaded));
        requireTrainedValues(loaded, model.network());
        String file = loaded.displayName();
        ModelMetadata metadata = loaded.spec().metadata();
        List<String> classes = metadata != null && metadata.classes() != null ? metadata.classes() : List.of();
        if (classes.isEmpty() && model.network().loss().properties().classification()) {
            List<String> indices = new ArrayList<>();
            for (int i = 0; i < model.network().outputSize(); i++) {
                indices.add(Integer.toString(i));
            }
            classes = indices;
        }
        // metadata.classes that disagree with the network were refused by the assembler, at the key
        List<String> features = metadata != null && metadata.features() != null ? metadata.features() : List.of();
        if (!features.isEmpty() && features.size() != model.network().inputSize()) {
            throw new UnusableModelException(file + ": metadata.features names " + features.size() + " inputs but the "
                    + "network takes " + model.network().inputSize());
        }
        double scale = metadata != null && metadata.inputScale() != null ? metadata.inputScale() : 1.0;
        return new TrainedModel(loaded.spec(), model, classes, features, scale);
    }

    /** Whether the model has two classes on one output: the output is the probability of the second class. */
    public boolean binary() {
        return classes.size() == 2 && model.network().outputSize() == 1;
    }

    /** Whether the model's outputs are class probabilities. */
    public boolean classifier() {
        return !classes.isEmpty();
    }

    /** The file the model came from, as the user named it. */
    public String displayName() {
        return model.spec().fileName();
    }

    /** The training set's data mapping, when it is read by a data format (e.g. {@code csv}). */
    public Optional<DataSetSpec> trainingData() {
        return saved.data() == null || saved.data().train() == null || saved.data().train().format() == null
                ? Optional.empty() : Optional.of(saved.data().train());
    }

    /** The names of the outputs for regression: the training CSV's {@code targets}, else {@code y0, y1, ...}. */
    public List<String> outputNames() {
        int outputs = model.network().outputSize();
        Optional<Object> targets = trainingData().map(set -> set.parameters().get("targets"));
        if (targets.isPresent() && targets.get() instanceof List<?> names && names.size() == outputs
                && names.stream().allMatch(String.class::isInstance)) {
            return names.stream().map(String.class::cast).toList();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            names.add("y" + i);
        }
        return names;
    }

    private static void requireTrained(LoadedSpec loaded) {
        List<LayerSpec> layers = loaded.spec().layers();
        if (layers == null || loaded.valuesFrom().isPresent()) {
            return; // a model file's tensors are checked against its layers when they are built
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            // Only a dense layer tells an untrained spec: the other types' defaults (batch_norm's gamma 1, beta 0,
            // running statistics 0 and 1) are values a model may have, and dropout or activation have none.
            boolean dense = layer != null && (layer.type() == null || layer.type().equals("dense"));
            if (dense && layer.weights() == null) {
                throw untrained(loaded, i, "weights");
            }
        }
    }

    /** A layer of another type with trainable parameters must carry them too (dropout, say, has none). */
    private static void requireTrainedValues(LoadedSpec loaded, dev.nn.network.Network network) {
        if (loaded.valuesFrom().isPresent()) {
            return;
        }
        List<LayerSpec> layers = loaded.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!network.layers().get(i).parameters().isEmpty() && layers.get(i).weights() == null
                    && layers.get(i).parameters() == null) {
                throw untrained(loaded, i, "parameters");
            }
        }
    }

    private static UnusableModelException untrained(LoadedSpec loaded, int layer, String what) {
        return new UnusableModelException(loaded.displayName() + ": layers[" + layer + "] has no " + what + ": this is "
                + "an untrained spec; train it and save the model first (nn train SPEC --save MODEL)");
    }

    /**
     * {@code loaded} without its data sets, validation split, early stopping or learning-rate schedule (either may
     * name a validation set), so that nothing but the network is built and no data file is read.
     */
    public static LoadedSpec withoutData(LoadedSpec loaded) {
        ModelSpec spec = loaded.spec();
        TrainingSpec training = spec.training();
        TrainingSpec kept = training == null ? null
                : new TrainingSpec(training.epochs(), training.batchSize(), training.shuffle(), null, null);
        ModelSpec bare = new ModelSpec(spec.version(), spec.name(), spec.seed(), spec.input(), spec.layers(),
                spec.loss(), withoutSchedule(spec.optimizer()), kept, null, spec.metadata(), spec.dtype());
        return loaded.withSpec(bare);
    }

    private static ComponentRef withoutSchedule(ComponentRef optimizer) {
        if (optimizer == null || !optimizer.parameters().containsKey(OptimizerOptions.SCHEDULE)) {
            return optimizer;
        }
        Map<String, Object> parameters = new java.util.LinkedHashMap<>(optimizer.parameters());
        parameters.remove(OptimizerOptions.SCHEDULE);
        return new ComponentRef(optimizer.name(), parameters);
    }
}

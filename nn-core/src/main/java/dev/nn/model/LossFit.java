package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.input.UserText;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Layer;
import dev.nn.spi.Loss;
import dev.nn.spi.Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Errors, not warnings, for a loss that cannot fit the output layer, each with the fix: a cross-entropy on one
 * unit, {@code binary_cross_entropy} after softmax, a probability loss after an output outside {@code [0, 1]}. Also
 * resolves {@code class_weights} written as a mapping by class name into the list the loss takes, and checks the
 * count of a list.
 */
final class LossFit {
    static final String BINARY_CROSS_ENTROPY = "binary_cross_entropy";
    static final String CROSS_ENTROPY = "cross_entropy";
    static final String CLASS_WEIGHTS = "class_weights";
    private static final String DEFAULT_ACTIVATION = "identity";

    private final ModelSpec spec;
    private final AssemblyProblems problems;

    LossFit(ModelSpec spec, AssemblyProblems problems) {
        this.spec = spec;
        this.problems = problems;
    }

    /**
     * The spec's loss with {@code class_weights: {class: weight, ...}} turned into a list in the order of
     * {@code classes}; problems for an unknown or missing class, or a list of the wrong length for cross_entropy.
     *
     * @param classes the class names of the data (or of the model's metadata), empty when unknown
     * @param outputs the network's outputs, or {@code null} when unknown
     */
    ComponentRef classWeights(ComponentRef loss, List<String> classes, Integer outputs) {
        if (loss == null || !loss.parameters().containsKey(CLASS_WEIGHTS)) {
            return loss;
        }
        Object value = loss.parameters().get(CLASS_WEIGHTS);
        String path = "loss." + CLASS_WEIGHTS;
        if (value instanceof Map<?, ?> byName) {
            if (classes.isEmpty()) {
                problems.add(path, "a mapping by class name needs class labels (a label column in data.train, or "
                        + "metadata.classes); write a list instead, one weight per class in output order");
                return loss;
            }
            List<Object> weights = new ArrayList<>();
            boolean complete = true;
            for (Object name : byName.keySet()) {
                if (!classes.contains(String.valueOf(name))) {
                    problems.add(path + "." + name, "unknown class '" + name + "'; the classes are "
                            + UserText.quoteAll(classes, 20));
                    complete = false;
                }
            }
            for (String name : classes) {
                if (!byName.containsKey(name)) {
                    problems.add(path, "no weight for class '" + name + "': give every class a weight ("
                            + UserText.quoteAll(classes, 20) + ")");
                    complete = false;
                }
                weights.add(byName.get(name));
            }
            if (!complete) {
                return loss;
            }
            Map<String, Object> parameters = new LinkedHashMap<>(loss.parameters());
            parameters.put(CLASS_WEIGHTS, weights);
            return new ComponentRef(loss.name(), parameters);
        }
        if (value instanceof List<?> list && CROSS_ENTROPY.equals(loss.name()) && outputs != null
                && outputs > 1 && list.size() != outputs) {
            problems.add(path, "expected " + outputs + " weights, one per class"
                    + (classes.size() == outputs ? " (" + UserText.quoteAll(classes, 20) + ")" : "")
                    + " but found " + list.size());
        }
        return loss;
    }

    /** Problems for a loss that cannot fit the last layer. */
    void check(List<Layer> layers, Loss loss, Optional<DataSet> train) {
        if (layers.isEmpty() || loss == null || spec.loss() == null) {
            return;
        }
        int last = layers.size() - 1;
        Layer output = layers.get(last);
        ActivationProperties activation = output.outputActivation().map(a -> a.properties())
                .orElse(ActivationProperties.UNKNOWN);
        String lossName = spec.loss().name();
        String layer = "layers[" + last + "] ('" + activationName(last) + "', " + output.outputSize() + " unit"
                + (output.outputSize() == 1 ? "" : "s") + ")";
        if (loss.properties().classification() && output.outputSize() == 1) {
            boolean binary = train.map(DataSet::binary).orElse(false);
            problems.add("loss", lossName + " needs one output per class, but " + layer + " has one unit"
                    + (binary ? " for the two classes " + UserText.quoteAll(train.get().classNames(), 2)
                    + " (targets 0 and 1)" : "") + ": write loss: " + BINARY_CROSS_ENTROPY
                    + " with a sigmoid output, or give the last layer 2 units with softmax");
            return;
        }
        if (BINARY_CROSS_ENTROPY.equals(lossName) && activation.softmax()) {
            problems.add("loss", lossName + " treats each output as its own probability, but " + layer
                    + " is a softmax: write activation: sigmoid on the last layer (one unit for two classes), or "
                    + "loss: " + CROSS_ENTROPY + " for one class out of " + output.outputSize());
            return;
        }
        Range produced = activation.outputRange();
        Range expected = loss.properties().predictionRange();
        if (loss.properties().needsProbabilities() && !expected.closure().encloses(produced)) {
            problems.add("loss", lossName + " expects outputs in " + expected + " but " + layer + " produces "
                    + produced + ": write activation: " + (BINARY_CROSS_ENTROPY.equals(lossName) ? "sigmoid"
                    : "softmax") + " on the last layer");
        }
    }

    private String activationName(int last) {
        LayerSpec lastSpec = spec.layers().get(last);
        return lastSpec.activation() != null ? lastSpec.activation().name()
                : lastSpec.options().get("name") instanceof String name ? name
                : lastSpec.type() == null ? DEFAULT_ACTIVATION : lastSpec.type();
    }
}

package dev.nn.network;

import dev.nn.spi.Activation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.Loss;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Layers applied in order, and the loss on the last layer's output.
 *
 * <p>{@link #forward(Tensor)} is an inference pass; {@link #forward(Tensor, StepStreams)} a training pass, each layer
 * drawing from its step stream. Backward goes through every layer alike: the first is told that its input gradient
 * is not needed, and when the loss computes dL/dz for the last layer's output activation the last layer starts from
 * it. Not thread-safe: layers keep the buffers of the last batch.
 *
 * <p>A network computes in one {@link DataType} ({@link #dataType()}); in float32 every layer and the loss take
 * float32 tensors (those written for float64 are {@link WidenedLayer widened}). Inputs of the other type are
 * converted at the boundary: an inference pass given float64 inputs returns float64 outputs (rounded from the
 * float32 ones), so callers that read {@link Tensor#data()} work whatever the network's type; given inputs of its
 * own type it returns the last layer's tensor as it is.
 */
public final class Network {
    private final List<Layer> layers;
    private final Loss loss;
    private final List<Parameter> parameters;
    private final List<StateTensor> state;
    private final Optional<Activation> outputActivation;
    private Tensor outputGradient;
    private final DataType dataType;
    /** Slots 0 and 1: inputs and outputs converted at the boundary; {@link #OUTPUT_GRADIENT}: dL/d(output). */
    private final KeptBuffers boundary = new KeptBuffers(3);
    private static final int OUTPUT_GRADIENT = 2;

    /** A float64 network. */
    public Network(List<Layer> layers, Loss loss) {
        this(layers, loss, DataType.FLOAT64);
    }

    /**
     * A network computing in {@code dataType}: in float32 every layer and the loss must
     * {@linkplain Layer#supportsFloat32() support float32} (wrap those that do not in {@link WidenedLayer} and
     * {@link WidenedLoss}).
     */
    public Network(List<Layer> layers, Loss loss, DataType dataType) {
        this.dataType = java.util.Objects.requireNonNull(dataType, "dataType is null");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.loss = Objects.requireNonNull(loss, "loss is null");
        List<Parameter> allParameters = new ArrayList<>();
        List<StateTensor> allState = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (i > 0 && layers.get(i - 1).outputSize() != layer.inputSize()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " takes " + layer.inputSize()
                        + " inputs but layer " + i + " gives " + layers.get(i - 1).outputSize());
            }
            allParameters.addAll(layer.parameters());
            allState.addAll(layer.state());
        }
        this.parameters = List.copyOf(allParameters);
        this.state = List.copyOf(allState);
        this.outputActivation = this.layers.get(this.layers.size() - 1).outputActivation();
        if (dataType == DataType.FLOAT32) {
            for (int i = 0; i < this.layers.size(); i++) {
                if (!this.layers.get(i).supportsFloat32()) {
                    throw new IllegalArgumentException("layer " + (i + 1) + " does not support float32; widen it");
                }
            }
            if (!loss.supportsFloat32()) {
                throw new IllegalArgumentException("the loss does not support float32; widen it");
            }
        }
    }

    /** The type every layer computes in. */
    public DataType dataType() {
        return dataType;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Loss loss() {
        return loss;
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** Every layer's parameters, in layer order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Every layer's state tensors, in layer order. */
    public List<StateTensor> state() {
        return state;
    }

    /** The last layer's output activation, when it declares one ({@link Layer#outputActivation()}). */
    public Optional<Activation> outputActivation() {
        return outputActivation;
    }

    /** The total number of trainable values. */
    public long parameterCount() {
        return parameters.stream().mapToLong(p -> p.value().size()).sum();
    }

    /** An inference pass: the network's output for {@code inputs}; the tensor belongs to the last layer. */
    public Tensor forward(Tensor inputs) {
        return forward(inputs, ForwardContext.inference());
    }

    /**
     * An inference pass in {@code inference}'s way: {@link ForwardContext#inference()}, or one series of
     * {@link ForwardContext#inferenceOverFixedParameters()} given for every batch of a prediction or an evaluation,
     * during which the parameters must not change (layers may keep what they derive from them between its passes).
     *
     * @throws IllegalArgumentException if {@code inference} is a training context
     */
    public Tensor forward(Tensor inputs, ForwardContext inference) {
        if (inference.training()) {
            throw new IllegalArgumentException("an inference pass was given a training context");
        }
        Tensor activations = own(inputs);
        for (int i = 0; i < layers.size(); i++) { // indexed: no iterator per batch
            activations = layers.get(i).forward(activations, inference);
        }
        return activations.dataType() == inputs.dataType() ? activations
                : boundary.of(1, activations, inputs.dataType());
    }

    /** {@code inputs} in this network's type: themselves, or a converted copy in a kept buffer. */
    private Tensor own(Tensor inputs) {
        return inputs.dataType() == dataType ? inputs : boundary.of(0, inputs, dataType);
    }

    /** A training pass, each layer drawing from its stream in {@code steps} (moved to the batch by the caller). */
    public Tensor forward(Tensor inputs, StepStreams steps) {
        Tensor activations = own(inputs);
        for (int i = 0; i < layers.size(); i++) {
            activations = layers.get(i).forward(activations, steps.context(i));
        }
        return activations;
    }

    /**
     * A training pass, loss and backward for one batch: afterwards every parameter holds its gradient.
     *
     * @return the batch's loss, before any update
     */
    public double computeGradients(Tensor inputs, Tensor targets, StepStreams steps) {
        Tensor predictions = forward(inputs, steps);
        double value = loss.value(predictions, targets);
        backward(predictions, targets);
        return value;
    }

    /** Backward from the last {@link #forward}, whose output was {@code predictions}. */
    public void backward(Tensor predictions, Tensor targets) {
        if (outputGradient == null || !outputGradient.hasShape(predictions.rows(), predictions.columns())) {
            outputGradient = boundary.buffer(OUTPUT_GRADIENT, predictions.rows(), predictions.columns(), dataType);
        }
        int last = layers.size() - 1;
        Tensor gradient;
        if (outputActivation.isPresent() && loss.gradientBeforeActivation(outputActivation.get().properties(),
                predictions, targets, outputGradient)) {
            gradient = layers.get(last).backwardFromPreActivation(outputGradient, last > 0);
        } else {
            loss.gradient(predictions, targets, outputGradient);
            gradient = layers.get(last).backward(outputGradient, last > 0);
        }
        for (int i = last - 1; i >= 0; i--) {
            gradient = layers.get(i).backward(gradient, i > 0); // the data's gradient is never used
        }
    }
}

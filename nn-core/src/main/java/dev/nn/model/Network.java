package dev.nn.model;

import dev.nn.layers.DenseLayer;
import dev.nn.spi.Layer;
import dev.nn.spi.Loss;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Layers applied in order, and the loss on the last layer's output.
 *
 * <p>Not thread-safe: layers keep the buffers of the last batch.
 */
public final class Network {
    private final List<Layer> layers;
    private final Loss loss;
    private final List<Parameter> parameters;
    private Tensor outputGradient;
    /** Output gradients of the last few batch sizes, so alternating full and last batches allocates nothing. */
    private final Tensor[] keptGradients = new Tensor[4];
    private int nextKept;

    public Network(List<Layer> layers, Loss loss) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.loss = Objects.requireNonNull(loss, "loss is null");
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (i > 0 && layers.get(i - 1).outputSize() != layer.inputSize()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " takes " + layer.inputSize()
                        + " inputs but layer " + i + " gives " + layers.get(i - 1).outputSize());
            }
            all.addAll(layer.parameters());
        }
        this.parameters = List.copyOf(all);
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

    /** The total number of trainable values. */
    public long parameterCount() {
        return parameters.stream().mapToLong(p -> p.value().size()).sum();
    }

    /** The network's output for {@code inputs}; the tensor belongs to the last layer and is reused. */
    public Tensor forward(Tensor inputs) {
        Tensor activations = inputs;
        for (Layer layer : layers) {
            activations = layer.forward(activations);
        }
        return activations;
    }

    /**
     * Forward, loss and backward for one batch: afterwards every parameter holds its gradient.
     *
     * @return the batch's loss, before any update
     */
    public double computeGradients(Tensor inputs, Tensor targets) {
        Tensor predictions = forward(inputs);
        double value = loss.value(predictions, targets);
        backward(predictions, targets);
        return value;
    }

    /** Backward from the last {@link #forward}, whose output was {@code predictions}. */
    public void backward(Tensor predictions, Tensor targets) {
        if (outputGradient == null || !outputGradient.hasShape(predictions.rows(), predictions.columns())) {
            outputGradient = keptGradient(predictions.rows(), predictions.columns());
        }
        Layer last = layers.get(layers.size() - 1);
        Tensor gradient;
        if (loss.gradientBeforeActivation(last.activation().properties(), predictions, targets, outputGradient)) {
            gradient = last.backwardFromPreActivation(outputGradient);
        } else {
            loss.gradient(predictions, targets, outputGradient);
            gradient = last.backward(outputGradient);
        }
        for (int i = layers.size() - 2; i >= 1; i--) {
            gradient = layers.get(i).backward(gradient);
        }
        if (layers.size() > 1) {
            Layer first = layers.get(0);
            if (first instanceof DenseLayer dense) {
                dense.backwardParametersOnly(gradient); // the data's gradient is never used
            } else {
                first.backward(gradient);
            }
        }
    }

    private Tensor keptGradient(int rows, int columns) {
        for (Tensor kept : keptGradients) {
            if (kept != null && kept.hasShape(rows, columns)) {
                return kept;
            }
        }
        Tensor fresh = Tensor.zeros(rows, columns);
        keptGradients[nextKept] = fresh;
        nextKept = (nextKept + 1) % keptGradients.length;
        return fresh;
    }
}

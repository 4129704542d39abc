package dev.nn.train;

import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place an optimizer updates the network: {@link #step} gives the optimizer the parameters as float64
 * (see {@link Optimizer}). A float64 parameter is given as it is. A float32 one is given as a float64 view kept for
 * the whole run, its value and gradient widened into the view before the step and the updated value rounded back
 * after it, so every optimizer works on float32 storage and keeps its state in float64, by the parameters'
 * positions as always (checkpoints and resuming stay as they are). For an all-float64 network, and for an optimizer
 * that {@linkplain Optimizer#supportsFloat32() updates float32 itself}, the list is the network's own and nothing is
 * copied.
 */
final class Float64Steps {
    private final List<Parameter> live;
    private final boolean anyFloat32;
    /** The float64 views, made on the first step that needs them: an optimizer updating float32 never does. */
    private List<Parameter> views;

    Float64Steps(List<Parameter> parameters) {
        this.live = List.copyOf(parameters);
        boolean found = false;
        for (Parameter parameter : live) {
            found |= parameter.value().dataType() == DataType.FLOAT32;
        }
        this.anyFloat32 = found;
    }

    /**
     * Clips the gradients with {@code clipping}, then updates every parameter with {@code optimizer} at
     * {@code learningRate}, through float64 views for float32 ones (both see the same float64 gradients).
     */
    void step(Optimizer optimizer, GradientClipping clipping, double learningRate) {
        if (!anyFloat32 || optimizer.supportsFloat32() && !clipping.clips()) { // clipping reads float64 gradients
            clipping.clip(live);
            optimizer.step(live, learningRate);
            return;
        }
        if (views == null) {
            views = viewsOf(live);
        }
        for (int i = 0; i < live.size(); i++) { // indexed: no iterator per batch
            Parameter parameter = live.get(i);
            Parameter view = views.get(i);
            if (view != parameter) {
                view.value().copyFromInPlace(parameter.value());
                view.gradient().copyFromInPlace(parameter.gradient());
            }
        }
        clipping.clip(views);
        optimizer.step(views, learningRate);
        for (int i = 0; i < live.size(); i++) {
            Parameter parameter = live.get(i);
            Tensor updated = views.get(i).value();
            if (views.get(i) != parameter) {
                parameter.value().copyFromInPlace(updated);
            }
        }
    }

    /** A float64 view of each float32 parameter; float64 ones as they are. */
    private static List<Parameter> viewsOf(List<Parameter> parameters) {
        List<Parameter> given = new ArrayList<>(parameters.size());
        for (Parameter parameter : parameters) {
            given.add(parameter.value().dataType() != DataType.FLOAT32 ? parameter : new Parameter(
                    parameter.localName(), parameter.name(), parameter.value().copyAs(DataType.FLOAT64)));
        }
        return List.copyOf(given);
    }
}

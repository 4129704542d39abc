package dev.nn.network;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * A loss written for float64 in a float32 network: it is given float64 copies of the predictions and targets, and
 * the gradient it writes is rounded back to float32 ({@link Loss#supportsFloat32()}). Float64 arguments go straight
 * through.
 */
public final class WidenedLoss implements Loss {
    private final Loss widened;
    private final KeptBuffers copies = new KeptBuffers(3);

    /** Runs {@code widened} in float64. */
    public WidenedLoss(Loss widened) {
        this.widened = Objects.requireNonNull(widened, "widened is null");
    }

    /** The float64 loss this one runs. */
    public Loss widened() {
        return widened;
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        if (!predictions.isFloat32()) {
            return widened.value(predictions, targets);
        }
        return widened.value(copies.of(0, predictions, DataType.FLOAT64), copies.of(1, targets, DataType.FLOAT64));
    }

    @Override
    public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
        if (!predictions.isFloat32()) {
            widened.gradient(predictions, targets, gradient);
            return;
        }
        Tensor wide = copies.buffer(2, gradient.rows(), gradient.columns(), DataType.FLOAT64);
        widened.gradient(copies.of(0, predictions, DataType.FLOAT64), copies.of(1, targets, DataType.FLOAT64), wide);
        gradient.copyFromInPlace(wide);
    }

    @Override
    public boolean gradientBeforeActivation(ActivationProperties activation, Tensor predictions, Tensor targets,
                                            Tensor gradient) {
        if (!predictions.isFloat32()) {
            return widened.gradientBeforeActivation(activation, predictions, targets, gradient);
        }
        Tensor wide = copies.buffer(2, gradient.rows(), gradient.columns(), DataType.FLOAT64);
        boolean written = widened.gradientBeforeActivation(activation, copies.of(0, predictions, DataType.FLOAT64),
                copies.of(1, targets, DataType.FLOAT64), wide);
        if (written) {
            gradient.copyFromInPlace(wide);
        }
        return written;
    }

    @Override
    public LossProperties properties() {
        return widened.properties();
    }

    /** It takes float32 tensors: it converts them. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}

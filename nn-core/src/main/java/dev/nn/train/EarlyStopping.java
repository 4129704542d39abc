package dev.nn.train;

import java.util.List;
import java.util.Objects;

/**
 * Stops training when a metric has not improved for {@code patience} epochs (Keras's rule: an improvement is a change
 * in the right direction by more than {@code minDelta}).
 *
 * @param monitor {@code val_loss}, {@code val_accuracy}, {@code loss} or {@code accuracy}
 * @param patience epochs without improvement before stopping, at least 1
 * @param restoreBest whether to restore the best epoch's parameters at the end
 * @param minDelta the smallest change that counts as an improvement, at least 0
 */
public record EarlyStopping(String monitor, int patience, boolean restoreBest, double minDelta) {
    /** The metrics that can be monitored. */
    public static final List<String> METRICS = List.of("val_loss", "val_accuracy", "loss", "accuracy");

    public EarlyStopping {
        Objects.requireNonNull(monitor, "monitor is null");
        if (!METRICS.contains(monitor)) {
            throw new IllegalArgumentException("unknown metric '" + monitor + "'");
        }
        if (patience < 1 || minDelta < 0) {
            throw new IllegalArgumentException("patience must be >= 1 and min_delta >= 0");
        }
    }

    /** Whether larger is better for the monitored metric. */
    public boolean maximize() {
        return monitor.endsWith("accuracy");
    }

    /** Whether {@code value} improves on {@code best}. */
    public boolean improves(double value, double best) {
        return maximize() ? value > best + minDelta : value < best - minDelta;
    }
}

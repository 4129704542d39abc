package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Early stopping, as in Keras's {@code EarlyStopping}.
 *
 * @param monitor the metric watched: {@code val_loss} (default), {@code val_accuracy}, {@code loss} or
 *     {@code accuracy}; losses must fall, accuracies rise
 * @param patience epochs without improvement before stopping (default 5)
 * @param restoreBest whether to restore the parameters of the best epoch when stopping or finishing (default true)
 * @param minDelta the smallest change that counts as an improvement (default 0)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"monitor", "patience", "restore_best", "min_delta"})
public record EarlyStoppingSpec(String monitor, Integer patience, Boolean restoreBest, Double minDelta) {
}

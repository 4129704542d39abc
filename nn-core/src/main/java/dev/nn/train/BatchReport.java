package dev.nn.train;

import dev.nn.spi.Parameter;
import java.util.List;

/**
 * One batch, reported after its gradients are computed and before the optimizer updates the parameters.
 *
 * @param epoch 1-based
 * @param batch 1-based within the epoch
 * @param batches batches per epoch
 * @param size samples in this batch
 * @param loss this batch's loss
 * @param parameters the network's parameters, holding this batch's gradients; valid only during the call
 */
public record BatchReport(int epoch, int batch, int batches, int size, double loss, List<Parameter> parameters) {
}

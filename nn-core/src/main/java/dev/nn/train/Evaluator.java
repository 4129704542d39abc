package dev.nn.train;

import dev.nn.data.Batches;
import dev.nn.data.DataSet;
import dev.nn.network.Network;
import dev.nn.spi.ForwardContext;
import dev.nn.tensor.Tensor;
import java.util.OptionalDouble;

/**
 * Computes a network's loss and accuracy on a data set without training, in batches (forward only).
 */
public final class Evaluator {
    /** The fewest rows per forward pass when evaluating or predicting. */
    public static final int MIN_BATCH_SIZE = 256;

    private final Network network;
    private final int batchSize;

    /**
     * The batch size used to evaluate or predict with a network trained in batches of {@code trainingBatchSize}:
     * the training batch, but at least {@value #MIN_BATCH_SIZE} rows (forward passes without gradients are cheap
     * per row, so larger batches amortise their cost while memory stays bounded). Validation and test metrics,
     * {@code nn evaluate} and {@code nn predict} all use it.
     */
    public static int batchSize(int trainingBatchSize) {
        return Math.max(trainingBatchSize, MIN_BATCH_SIZE);
    }

    /** @param batchSize rows per forward pass; bounds the memory used (see {@link #batchSize(int)}) */
    public Evaluator(Network network, int batchSize) {
        this.network = network;
        this.batchSize = batchSize;
    }

    /** The loss and accuracy of {@code data}; buffers are reused between calls for the same data set. */
    public Metrics evaluate(DataSet data, Batches batches) {
        double weightedLoss = 0;
        long correct = 0;
        // One inference series: the parameters stay as they are for all the batches.
        ForwardContext series = ForwardContext.inferenceOverFixedParameters();
        for (int b = 0; b < batches.count(); b++) {
            batches.fill(b, null);
            Tensor predictions = network.forward(batches.inputs(), series);
            weightedLoss += batches.inputs().rows() * network.loss().value(predictions, batches.targets());
            if (data.oneHot()) {
                correct += Trainer.countCorrect(predictions, batches.targets());
            } else if (data.binary()) {
                correct += Trainer.countCorrectBinary(predictions, batches.targets());
            }
        }
        return new Metrics(weightedLoss / data.size(),
                data.labelled() ? OptionalDouble.of((double) correct / data.size()) : OptionalDouble.empty());
    }

    /** The loss and accuracy of {@code data}. */
    public Metrics evaluate(DataSet data) {
        return evaluate(data, new Batches(data, batchSize, network.dataType()));
    }
}

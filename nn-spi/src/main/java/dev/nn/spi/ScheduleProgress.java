package dev.nn.spi;

/**
 * Where training is when a {@link LearningRateSchedule} is asked for a rate: the update about to be made.
 *
 * <p>Both counts a schedule may step by are here: epochs ({@link #completedEpochs()} of {@link #epochs()}) and
 * updates ({@link #completedSteps()} of {@link #totalSteps()}), each counting from 0 like
 * {@code torch.optim.lr_scheduler}'s {@code last_epoch}.
 */
public final class ScheduleProgress {
    private final double baseLearningRate;
    private final int epoch;
    private final int epochs;
    private final int batch;
    private final int batchesPerEpoch;

    /**
     * @param baseLearningRate the optimizer's own rate ({@link Optimizer#learningRate()}), &gt; 0
     * @param epoch the epoch in progress, from 1
     * @param epochs the epochs planned
     * @param batch the update within the epoch, from 1
     * @param batchesPerEpoch updates per epoch
     */
    public ScheduleProgress(double baseLearningRate, int epoch, int epochs, int batch, int batchesPerEpoch) {
        if (epoch < 1 || epochs < 1 || batch < 1 || batchesPerEpoch < 1 || batch > batchesPerEpoch) {
            throw new IllegalArgumentException("no update " + batch + "/" + batchesPerEpoch + " of epoch " + epoch
                    + "/" + epochs);
        }
        this.baseLearningRate = baseLearningRate;
        this.epoch = epoch;
        this.epochs = epochs;
        this.batch = batch;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /** The rate the optimizer was created with ({@code optimizer.learning_rate}). */
    public double baseLearningRate() {
        return baseLearningRate;
    }

    /** The epoch in progress, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The epochs planned ({@code training.epochs}). */
    public int epochs() {
        return epochs;
    }

    /** The update within the epoch, from 1. */
    public int batch() {
        return batch;
    }

    /** Updates per epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Epochs finished before this update: {@code epoch - 1}. */
    public int completedEpochs() {
        return epoch - 1;
    }

    /** Updates made before this one, over the whole run. */
    public long completedSteps() {
        return (long) (epoch - 1) * batchesPerEpoch + batch - 1;
    }

    /** Updates planned over the whole run: {@code epochs * batchesPerEpoch}. */
    public long totalSteps() {
        return (long) epochs * batchesPerEpoch;
    }

    @Override
    public String toString() {
        return "epoch " + epoch + "/" + epochs + ", update " + batch + "/" + batchesPerEpoch;
    }
}

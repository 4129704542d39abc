package dev.nn.train;

import dev.nn.data.DataSet;
import dev.nn.model.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Optimizer;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

/**
 * Trains a network: each epoch walks the training set in mini-batches (in file order, or in a fresh seeded order
 * per epoch when shuffling), and each batch is forward, loss, backward, update.
 *
 * <p>Batch buffers are allocated once per batch size and reused, so the loop allocates nothing per batch. The same
 * network, data and settings give bit-identical results on every run.
 */
public final class Trainer {
    private final Network network;
    private final Optimizer optimizer;
    private final TrainingSettings settings;

    public Trainer(Network network, Optimizer optimizer, TrainingSettings settings) {
        this.network = Objects.requireNonNull(network, "network is null");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
    }

    /** Trains for the planned epochs. */
    public TrainingResult train(DataSet data, TrainingListener listener) {
        return train(data, listener, () -> false);
    }

    /**
     * Trains for the planned epochs, or until {@code stopRequested} answers true (checked after every batch, so the
     * current batch always finishes).
     */
    public TrainingResult train(DataSet data, TrainingListener listener, BooleanSupplier stopRequested) {
        int samples = data.size();
        int batchSize = Math.min(settings.batchSize(), samples);
        int batches = (samples + batchSize - 1) / batchSize;
        boolean wholeSetInOrder = batchSize == samples && !settings.shuffle();
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        SplitMix64 shuffler = new SplitMix64(settings.seed() ^ TrainingSettings.SHUFFLE_SEED_MIX);
        BatchBuffers full = new BatchBuffers(batchSize, data);
        BatchBuffers remainder = samples % batchSize == 0 ? full : new BatchBuffers(samples % batchSize, data);
        List<EpochReport> reports = new ArrayList<>();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            if (settings.shuffle()) {
                shuffler.shuffledIndices(order);
            }
            double weightedLoss = 0.0;
            long correct = 0;
            for (int batch = 0; batch < batches; batch++) {
                int start = batch * batchSize;
                int size = Math.min(batchSize, samples - start);
                Tensor inputs;
                Tensor targets;
                if (wholeSetInOrder) {
                    inputs = data.inputs();
                    targets = data.targets();
                } else {
                    BatchBuffers buffers = size == batchSize ? full : remainder;
                    buffers.fill(data, order, start);
                    inputs = buffers.inputs;
                    targets = buffers.targets;
                }
                Tensor predictions = network.forward(inputs);
                double loss = network.loss().value(predictions, targets);
                if (data.oneHot()) {
                    correct += countCorrect(predictions, targets);
                }
                network.backward(predictions, targets);
                listener.onBatch(new BatchReport(epoch, batch + 1, batches, size, loss, network.parameters()));
                optimizer.step(network.parameters());
                weightedLoss += size * loss;
                if (stopRequested.getAsBoolean() && !(epoch == settings.epochs() && batch == batches - 1)) {
                    return new TrainingResult(reports, true);
                }
            }
            EpochReport report = new EpochReport(epoch, settings.epochs(), weightedLoss / samples,
                    data.oneHot() ? OptionalDouble.of((double) correct / samples) : OptionalDouble.empty());
            reports.add(report);
            listener.onEpoch(report);
        }
        return new TrainingResult(reports, false);
    }

    /** How many rows' largest prediction (first on ties) is where the target's 1 is. */
    static int countCorrect(Tensor predictions, Tensor targets) {
        double[] p = predictions.data();
        double[] t = targets.data();
        int columns = predictions.columns();
        int correct = 0;
        for (int r = 0; r < predictions.rows(); r++) {
            int offset = r * columns;
            int best = 0;
            int target = 0;
            for (int c = 1; c < columns; c++) {
                if (p[offset + c] > p[offset + best]) {
                    best = c;
                }
                if (t[offset + c] > t[offset + target]) {
                    target = c;
                }
            }
            if (best == target) {
                correct++;
            }
        }
        return correct;
    }

    /** Reusable inputs and targets for batches of one size. */
    private static final class BatchBuffers {
        final Tensor inputs;
        final Tensor targets;

        BatchBuffers(int rows, DataSet data) {
            inputs = Tensor.zeros(rows, data.inputs().columns());
            targets = Tensor.zeros(rows, data.targets().columns());
        }

        void fill(DataSet data, int[] order, int start) {
            copyRows(data.inputs(), inputs, order, start);
            copyRows(data.targets(), targets, order, start);
        }

        private static void copyRows(Tensor source, Tensor destination, int[] order, int start) {
            int columns = source.columns();
            double[] from = source.data();
            double[] to = destination.data();
            for (int r = 0; r < destination.rows(); r++) {
                System.arraycopy(from, order[start + r] * columns, to, r * columns, columns);
            }
        }
    }
}

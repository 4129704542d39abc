package dev.nn.train;

import dev.nn.data.Batches;
import dev.nn.data.DataSet;
import dev.nn.network.Network;
import dev.nn.network.StepStreams;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Layer;
import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Trains a network: each epoch walks the training set in mini-batches (in file order, or in a fresh seeded order
 * per epoch when shuffling), and each batch is a training-mode forward (each layer drawing from its step stream,
 * {@link StepStreams}), loss, backward, gradient clipping ({@link GradientClipping}), update with the learning rate
 * of that update ({@link LearningRates}: the schedule's, or the optimizer's own). After each epoch the validation set, if any, is evaluated in
 * inference mode, and early stopping may end training (restoring the best epoch's parameters and state).
 *
 * <p>Training can start from a {@link TrainingState} captured at any batch boundary (given to a
 * {@link TrainingCheckpoints} hook after every epoch and when a stop request ends training mid-epoch) and then ends
 * bit for bit as the uninterrupted run. A stop mid-epoch leaves the last finished epoch's parameters and state in the
 * network (a copy is kept at every epoch's end), so that what is saved is what that epoch's metrics describe.
 *
 * <p>Batch buffers are allocated once per batch size and reused, so the loop allocates nothing per batch. The same
 * network, data and settings give bit-identical results on every run. A loss or parameter that becomes NaN or
 * infinite stops training at that batch with a {@link NonFiniteException}. Its message names the first
 * component that turned finite values into non-finite ones in that batch ({@link NonFiniteAttribution}, which only
 * then recomputes the forward pass or reads back the backward pass): a component at fault is named without a hint; a
 * run whose values had grown huge is reported as diverged, with the learning-rate hint.
 */
public final class Trainer {
    private final Network network;
    private final Optimizer optimizer;
    private final TrainingSettings settings;
    private final NetworkLabels labels;

    public Trainer(Network network, Optimizer optimizer, TrainingSettings settings) {
        this(network, optimizer, settings, NetworkLabels.unnamed(network.layers().size()));
    }

    /** @param labels how messages name the network's components */
    public Trainer(Network network, Optimizer optimizer, TrainingSettings settings, NetworkLabels labels) {
        this.network = Objects.requireNonNull(network, "network is null");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.labels = Objects.requireNonNull(labels, "labels is null");
        if (labels.layers().size() != network.layers().size()) {
            throw new IllegalArgumentException("labels for " + labels.layers().size() + " layers, but the network has "
                    + network.layers().size());
        }
    }

    /** Trains for the planned epochs, without validation. */
    public TrainingResult train(DataSet data, TrainingListener listener) {
        return train(data, Optional.empty(), listener, () -> false);
    }

    /** Trains for the planned epochs without validation, or until {@code stopRequested}. */
    public TrainingResult train(DataSet data, TrainingListener listener, BooleanSupplier stopRequested) {
        return train(data, Optional.empty(), listener, stopRequested);
    }

    /**
     * Trains for the planned epochs, until early stopping ends it, or until {@code stopRequested} answers true
     * (checked after every batch, so the current batch always finishes).
     */
    public TrainingResult train(DataSet data, Optional<DataSet> validation, TrainingListener listener,
                                BooleanSupplier stopRequested) {
        return train(data, validation, listener, stopRequested, TrainingState.initial(settings),
                TrainingCheckpoints.NONE);
    }

    /**
     * Trains from {@code start} (a state a {@link TrainingCheckpoints} hook was given, with the network and the
     * optimizer holding what they held then) as the run it came from would have continued, telling
     * {@code checkpoints} after every epoch and when a stop request ends training mid-epoch.
     *
     * <p>A stop request mid-epoch, once {@code checkpoints} has seen the exact state, puts the last finished epoch's
     * parameters and state back into the network, so that what is saved is what the last epoch's metrics describe
     * ({@link TrainingResult#discardedBatches()}).
     */
    public TrainingResult train(DataSet data, Optional<DataSet> validation, TrainingListener listener,
                                BooleanSupplier stopRequested, TrainingState start, TrainingCheckpoints checkpoints) {
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(checkpoints, "checkpoints is null");
        int samples = data.size();
        Batches batches = new Batches(data, settings.batchSize(), network.dataType());
        Float64Steps updates = new Float64Steps(network.parameters());
        int batchCount = batches.count();
        if (start.batch() > batchCount) {
            throw new IllegalArgumentException("the state is at batch " + start.batch() + " of an epoch of "
                    + batchCount + " batches");
        }
        boolean fillOnce = batchCount == 1 && !settings.shuffle();
        boolean filled = false;
        int[] order = settings.shuffle() ? new int[samples] : null;
        SplitMix64 shuffler = new SplitMix64(start.shufflerState());
        Evaluator evaluator = new Evaluator(network, Evaluator.batchSize(settings.batchSize()));
        Optional<Batches> validationBatches = validation.map(v -> new Batches(v, Evaluator.batchSize(settings.batchSize()),
                network.dataType()));
        BestEpoch best = settings.earlyStopping().map(BestEpoch::new).orElse(null);
        if (best != null) {
            start.earlyStopping().ifPresent(best::resume);
        }
        StepStreams steps = new StepStreams(settings.seed(), network.layers().size());
        LearningRates rates = new LearningRates(optimizer, settings.schedule(), settings.epochs(), batchCount);
        rates.start(start.scheduleState());
        GradientClipping clipping = settings.clipping();
        List<EpochReport> reports = new ArrayList<>(start.epochs());
        Values epochEnd = new Values();
        if (!start.lastEpochValues().isEmpty()) {
            epochEnd.copyFrom(start.lastEpochValues());
        } else if (!reports.isEmpty()) {
            epochEnd.save();
        }
        if (start.stoppedEarly()) {
            return new TrainingResult(reports, false, true, best == null ? 0 : best.restore());
        }
        for (int epoch = start.epoch(); epoch <= settings.epochs(); epoch++) {
            long shufflerState = shuffler.state();
            if (order != null) {
                shuffler.shuffledIndices(order);
            }
            boolean resumed = epoch == start.epoch();
            double weightedLoss = resumed ? start.weightedLoss() : 0.0;
            long correct = resumed ? start.correct() : 0;
            for (int batch = resumed ? start.batch() : 0; batch < batchCount; batch++) {
                if (!fillOnce || !filled) {
                    batches.fill(batch, order);
                    filled = true;
                }
                Tensor inputs = batches.inputs();
                Tensor targets = batches.targets();
                steps.moveTo(epoch, batch + 1);
                Tensor predictions = network.forward(inputs, steps);
                double loss = network.loss().value(predictions, targets);
                if (!Double.isFinite(loss)) {
                    int failedEpoch = epoch;
                    int failedBatch = batch + 1;
                    throw attributed(epoch, batch + 1, batchCount, "the loss is " + loss, attribution -> {
                        steps.moveTo(failedEpoch, failedBatch); // the same pass again, drawing the same numbers
                        return attribution.forward(inputs, targets, steps);
                    });
                }
                if (data.oneHot()) {
                    correct += countCorrect(predictions, targets);
                } else if (data.binary()) {
                    correct += countCorrectBinary(predictions, targets);
                }
                network.backward(predictions, targets);
                listener.onBatch(new BatchReport(epoch, batch + 1, batchCount, inputs.rows(), loss,
                        network.parameters()));
                updates.step(optimizer, clipping, rates.at(epoch, batch + 1));
                requireFiniteParameters(epoch, batch + 1, batchCount, predictions, targets);
                weightedLoss += inputs.rows() * loss;
                if (stopRequested.getAsBoolean() && !(epoch == settings.epochs() && batch == batchCount - 1)) {
                    checkpoints.at(new TrainingState(epoch, batch + 1, weightedLoss, correct, shufflerState,
                            reports, best == null ? Optional.empty() : Optional.of(best.state()), false,
                            reports.isEmpty() ? List.of() : epochEnd.tensors(), rates.state()), true);
                    if (reports.isEmpty()) {
                        return new TrainingResult(reports, true, false, 0, 0);
                    }
                    epochEnd.restore();
                    return new TrainingResult(reports, true, false, 0, batch + 1);
                }
            }
            Optional<Metrics> validationMetrics = validation.map(v -> evaluator.evaluate(v, validationBatches.get()));
            EpochReport report = new EpochReport(epoch, settings.epochs(), weightedLoss / samples,
                    data.labelled() ? OptionalDouble.of((double) correct / samples) : OptionalDouble.empty(),
                    validationMetrics, rates.ofEpoch(epoch));
            reports.add(report);
            listener.onEpoch(report);
            boolean stop = best != null && best.update(report);
            rates.epochEnded(report);
            if (epoch < settings.epochs() && !stop) {
                epochEnd.save(); // into the same tensors every epoch: nothing allocated after the first
            }
            if (checkpoints != TrainingCheckpoints.NONE) {
                checkpoints.at(new TrainingState(epoch + 1, 0, 0.0, 0, shuffler.state(), reports,
                        best == null ? Optional.empty() : Optional.of(best.state()), stop, List.of(), rates.state()),
                        false);
            }
            if (stop) {
                int restored = best.restore();
                return new TrainingResult(reports, false, true, restored);
            }
        }
        int restored = best == null ? 0 : best.restore();
        return new TrainingResult(reports, false, false, restored);
    }

    /**
     * After the update: a parameter that became non-finite. A non-finite gradient caused it when the backward pass
     * left one, and the backward pass's buffers (untouched by the update) name the component.
     */
    private void requireFiniteParameters(int epoch, int batch, int batches, Tensor predictions, Tensor targets) {
        List<Parameter> parameters = network.parameters();
        for (int i = 0; i < parameters.size(); i++) { // indexed: no iterator per batch
            Parameter parameter = parameters.get(i);
            if (!parameter.value().isFinite()) {
                throw attributed(epoch, batch, batches, "parameter " + parameter.name() + " became non-finite",
                        attribution -> attribution.backward(predictions, targets));
            }
        }
    }

    /** The exception for a non-finite value detected in this batch, naming the component {@code find} finds. */
    private NonFiniteException attributed(int epoch, int batch, int batches, String what,
                                          Function<NonFiniteAttribution, Optional<NonFiniteAttribution.Finding>> find) {
        Optional<NonFiniteAttribution.Finding> finding;
        try {
            finding = find.apply(new NonFiniteAttribution(network, labels));
        } catch (RuntimeException e) {
            finding = Optional.empty(); // the component fails again while recomputing: report what was detected
        }
        if (finding.isEmpty()) {
            return nonFinite(epoch, batch, batches, what);
        }
        if (finding.get().diverged()) {
            return new NonFiniteException("training diverged at epoch " + epoch + ", batch " + batch + "/" + batches
                    + ": " + what + "; first non-finite: " + finding.get().text() + HINT);
        }
        return new NonFiniteException(finding.get().text() + " at epoch " + epoch + ", batch " + batch + "/"
                + batches + " (" + what + "); training stopped there");
    }

    private static final String HINT = ". Hint: lower the learning rate, or scale the inputs to a small range "
            + "(e.g. 'scale' on the data)";

    private NonFiniteException nonFinite(int epoch, int batch, int batches, String what) {
        String first = "";
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            for (Parameter parameter : layer.parameters()) {
                if (!parameter.value().isFinite()) {
                    first = "; first non-finite: layer " + (i + 1) + " parameter " + parameter.name();
                    break;
                }
                if (!parameter.gradient().isFinite()) {
                    first = "; first non-finite: layer " + (i + 1) + " gradient of " + parameter.name();
                    break;
                }
            }
            if (!first.isEmpty()) {
                break;
            }
        }
        return new NonFiniteException("training diverged at epoch " + epoch + ", batch " + batch + "/" + batches
                + ": " + what + first + HINT);
    }

    /** How many rows' largest prediction (first on ties) is where the target's 1 is. */
    /** For a two-class label on one output: rows whose output is above 0.5 exactly where the target is 1. */
    static int countCorrectBinary(Tensor predictions, Tensor targets) {
        int correct = 0;
        for (int r = 0; r < predictions.size(); r++) {
            if (predictions.getFlat(r) > 0.5 == (targets.getFlat(r) == 1.0)) {
                correct++;
            }
        }
        return correct;
    }

    static int countCorrect(Tensor predictions, Tensor targets) {
        int columns = predictions.columns();
        int correct = 0;
        for (int r = 0; r < predictions.rows(); r++) {
            int offset = r * columns;
            int best = 0;
            int target = 0;
            for (int c = 1; c < columns; c++) {
                if (predictions.getFlat(offset + c) > predictions.getFlat(offset + best)) {
                    best = c;
                }
                if (targets.getFlat(offset + c) > targets.getFlat(offset + target)) {
                    target = c;
                }
            }
            if (best == target) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * A copy of every parameter's value, then every state tensor, made into the same tensors each time (allocated
     * once), and put back on demand.
     */
    private final class Values {
        private final List<Tensor> copy = new ArrayList<>();

        /** Copies the network's values. */
        void save() {
            copyFrom(live());
        }

        /** Copies {@code values} (in the order of {@link #live()}). */
        void copyFrom(List<Tensor> values) {
            List<Tensor> live = live();
            if (values.size() != live.size()) {
                throw new IllegalArgumentException(values.size() + " saved tensors for a network of " + live.size()
                        + " parameters and state tensors");
            }
            for (int i = 0; i < values.size(); i++) {
                Tensor value = values.get(i);
                Tensor target = live.get(i);
                if (value.rows() != target.rows() || value.columns() != target.columns()) {
                    throw new IllegalArgumentException("saved tensor " + (i + 1) + " is " + value.shape()
                            + ", the network's is " + target.shape());
                }
                if (copy.size() <= i) {
                    copy.add(value.copy());
                } else {
                    copy.get(i).copyFromInPlace(value);
                }
            }
        }

        boolean isEmpty() {
            return copy.isEmpty();
        }

        /** The copy; valid until the next save. */
        List<Tensor> tensors() {
            return copy;
        }

        /** Puts the copy back into the network. */
        void restore() {
            List<Tensor> live = live();
            for (int i = 0; i < live.size(); i++) {
                live.get(i).copyFromInPlace(copy.get(i));
            }
        }

        /** Every parameter's value, then every state tensor. */
        private List<Tensor> live() {
            List<Tensor> values = new ArrayList<>();
            network.parameters().forEach(p -> values.add(p.value()));
            for (StateTensor state : network.state()) {
                values.add(state.value());
            }
            return values;
        }
    }

    /** Tracks the best epoch for early stopping and keeps a copy of its parameters and state, to restore them. */
    private final class BestEpoch {
        private final EarlyStopping rule;
        private final Values snapshot = new Values();
        private double bestValue = Double.NaN;
        private int bestEpoch;
        private int epochsWithoutImprovement;

        BestEpoch(EarlyStopping rule) {
            this.rule = rule;
        }

        /** Continues from {@code state}, as a checkpoint recorded it. */
        void resume(TrainingState.EarlyStoppingState state) {
            bestValue = state.bestValue();
            bestEpoch = state.bestEpoch();
            epochsWithoutImprovement = state.epochsWithoutImprovement();
            if (rule.restoreBest() && bestEpoch > 0) {
                if (state.bestValues().isEmpty()) {
                    throw new IllegalArgumentException("early stopping restores the best epoch, but the state "
                            + "holds no copy of it");
                }
                snapshot.copyFrom(state.bestValues());
            }
        }

        /** The progress so far; its tensors are this tracker's own. */
        TrainingState.EarlyStoppingState state() {
            return new TrainingState.EarlyStoppingState(bestValue, bestEpoch, epochsWithoutImprovement,
                    snapshot.tensors());
        }

        /** Records an epoch; returns whether training should stop. */
        boolean update(EpochReport report) {
            OptionalDouble value = report.metric(rule.monitor());
            if (value.isEmpty()) {
                throw new IllegalStateException("early stopping monitors " + rule.monitor()
                        + ", which this run does not compute");
            }
            if (bestEpoch == 0 || rule.improves(value.getAsDouble(), bestValue)) {
                bestValue = value.getAsDouble();
                bestEpoch = report.epoch();
                epochsWithoutImprovement = 0;
                if (rule.restoreBest()) {
                    snapshot.save();
                }
                return false;
            }
            epochsWithoutImprovement++;
            return epochsWithoutImprovement >= rule.patience();
        }

        /** Restores the best epoch's parameters when asked to; returns that epoch, or 0. */
        int restore() {
            if (!rule.restoreBest() || snapshot.isEmpty()) {
                return 0;
            }
            snapshot.restore();
            return bestEpoch;
        }
    }
}

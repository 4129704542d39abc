package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.registry.NameSuggestions;
import dev.nn.spec.CheckpointSpec;
import dev.nn.spec.EarlyStoppingSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.TrainingSpec;
import dev.nn.train.EarlyStopping;
import dev.nn.train.TrainingSettings;
import java.util.Optional;

/**
 * The spec's {@code training} section as {@link TrainingSettings}: epochs, batch size (default: the whole training
 * set), shuffling (default: when there is more than one batch) and the early-stopping rule, each value checked;
 * {@code training.checkpoint}'s values are checked too (the command that trains reads them).
 */
final class TrainingSettingsBuilder {
    private final ModelSpec spec;
    private final AssemblyProblems problems;

    TrainingSettingsBuilder(ModelSpec spec, AssemblyProblems problems) {
        this.spec = spec;
        this.problems = problems;
    }

    TrainingSettings build(Optional<DataSet> train, long seed) {
        int samples = train.map(DataSet::size).orElse(0);
        TrainingSpec training = spec.training();
        if (training == null) {
            problem("training", "missing required key 'training' (with at least 'epochs')");
            return null;
        }
        boolean ok = true;
        if (training.epochs() == null) {
            problem("training.epochs", "missing required key 'epochs' (passes over the training set)");
            ok = false;
        } else if (training.epochs() < 1) {
            problem("training.epochs", "expected a whole number >= 1 but found " + training.epochs());
            ok = false;
        }
        if (training.batchSize() != null && training.batchSize() < 1) {
            problem("training.batch_size", "expected a whole number >= 1 but found " + training.batchSize());
            ok = false;
        }
        Optional<EarlyStopping> earlyStopping = earlyStopping(training.earlyStopping(), train);
        ok &= checkpoint(training.checkpoint());
        if (!ok || earlyStopping == null) {
            return null;
        }
        int batchSize = training.batchSize() != null ? training.batchSize() : Math.max(samples, 1);
        boolean shuffle = training.shuffle() != null ? training.shuffle() : batchSize < samples;
        return new TrainingSettings(training.epochs(), batchSize, shuffle, seed, earlyStopping);
    }

    /** The early-stopping rule, empty when absent, or {@code null} after reporting a problem. */
    private Optional<EarlyStopping> earlyStopping(EarlyStoppingSpec rule, Optional<DataSet> train) {
        if (rule == null) {
            return Optional.empty();
        }
        boolean ok = true;
        String monitor = rule.monitor() == null ? "val_loss" : rule.monitor();
        if (!EarlyStopping.METRICS.contains(monitor)) {
            problem("training.early_stopping.monitor", "unknown metric '" + monitor + "'"
                    + NameSuggestions.didYouMean(monitor, EarlyStopping.METRICS)
                    + "; available: " + String.join(", ", EarlyStopping.METRICS));
            ok = false;
        } else if (monitor.startsWith("val_") && !hasValidation()) {
            problem("training.early_stopping.monitor", "monitors " + monitor + " but there is no validation set: "
                    + "add data.validation or training.validation_split, or monitor loss");
            ok = false;
        } else if (monitor.endsWith("accuracy") && train.isPresent() && !train.get().labelled()) {
            problem("training.early_stopping.monitor", "monitors " + monitor
                    + ", which needs one-hot targets (class labels); monitor loss or val_loss");
            ok = false;
        }
        int patience = rule.patience() == null ? 5 : rule.patience();
        if (patience < 1) {
            problem("training.early_stopping.patience", "expected a whole number >= 1 but found " + patience);
            ok = false;
        }
        double minDelta = rule.minDelta() == null ? 0.0 : rule.minDelta();
        if (!(minDelta >= 0)) {
            problem("training.early_stopping.min_delta", "expected a number >= 0 but found " + minDelta);
            ok = false;
        }
        boolean restoreBest = rule.restoreBest() == null || rule.restoreBest();
        return ok ? Optional.of(new EarlyStopping(monitor, patience, restoreBest, minDelta)) : null;
    }

    /** Checks {@code training.checkpoint}'s values; returns whether they are fine. */
    private boolean checkpoint(CheckpointSpec checkpoint) {
        if (checkpoint == null) {
            return true;
        }
        boolean ok = true;
        if (checkpoint.dir() != null && checkpoint.dir().isBlank()) {
            problem("training.checkpoint.dir", "expected a directory but found an empty string");
            ok = false;
        }
        if (checkpoint.everyEpochs() != null && checkpoint.everyEpochs() < 1) {
            problem("training.checkpoint.every_epochs", "expected a whole number >= 1 but found "
                    + checkpoint.everyEpochs());
            ok = false;
        }
        if (checkpoint.keep() != null && checkpoint.keep() < 1) {
            problem("training.checkpoint.keep", "expected a whole number >= 1 but found " + checkpoint.keep());
            ok = false;
        }
        return ok;
    }

    private boolean hasValidation() {
        return spec.data() != null && spec.data().validation() != null
                || spec.training() != null && spec.training().validationSplit() != null;
    }

    private void problem(String path, String message) {
        problems.add(path, message);
    }
}

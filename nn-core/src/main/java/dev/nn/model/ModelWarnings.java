package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecProblem;
import dev.nn.spi.Layer;
import dev.nn.spi.Loss;
import dev.nn.spi.Matrix;
import dev.nn.spi.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Warnings, not errors: what the components declare about themselves (output and target ranges, classification)
 * checked against each other and the training data.
 */
final class ModelWarnings {
    private static final String DEFAULT_ACTIVATION = "identity";

    private final LoadedSpec loaded;
    private final ModelSpec spec;

    ModelWarnings(LoadedSpec loaded) {
        this.loaded = loaded;
        this.spec = loaded.spec();
    }

    /** What the components declare about themselves, checked against each other and the data. */
    List<SpecProblem> of(List<Layer> layers, Loss loss, Optional<DataSet> train) {
        List<SpecProblem> warnings = new ArrayList<>();
        int last = layers.size() - 1;
        Range produced = layers.get(last).outputActivation().map(a -> a.properties().outputRange())
                .orElse(Range.ALL);
        Range expected = loss.properties().predictionRange();
        String lossName = spec.loss().name();
        // Only values beyond the closure count: an open end such as cross_entropy's 0 is handled by clipping.
        // A loss that needs probabilities and does not get them is an error (LossFit), not a warning.
        if (!loss.properties().needsProbabilities() && !expected.closure().encloses(produced)) {
            LayerSpec lastSpec = spec.layers().get(last);
            String activationName = lastSpec.activation() != null ? lastSpec.activation().name()
                    : lastSpec.options().get("name") instanceof String name ? name
                    : lastSpec.type() == null ? DEFAULT_ACTIVATION : lastSpec.type();
            warnings.add(loaded.problem("loss", lossName + " expects outputs in " + expected + "; layers["
                    + last + "] '" + activationName + "' produces " + produced));
        }
        if (loss.properties().classification() && train.isPresent() && !train.get().labelled()) {
            warnings.add(loaded.problem("data.train.targets", lossName
                    + " is a classification loss but the targets are not one-hot rows"));
        }
        Range targetRange = loss.properties().targetRange();
        if (train.isPresent() && !targetRange.equals(Range.ALL)) {
            Matrix targets = train.get().targets();
            double[] row = new double[targets.columns()];
            search:
            for (int r = 0; r < targets.rows(); r++) {
                targets.copyRow(r, row, 0);
                for (double value : row) {
                    if (!targetRange.contains(value)) {
                        warnings.add(loaded.problem("data.train", lossName + " expects targets in "
                                + targetRange + " but sample " + r + " has " + value));
                        break search;
                    }
                }
            }
        }
        return warnings;
    }
}

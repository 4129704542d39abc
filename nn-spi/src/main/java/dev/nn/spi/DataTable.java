package dev.nn.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DataSource} read.
 *
 * @param inputs one row of features per sample
 * @param targets one row of expected outputs per sample (one-hot rows for class labels)
 * @param classNames the class of each target column when the targets are class labels; empty for regression
 * @param featureNames the name of each input column, when the source has names; empty otherwise
 * @param inputScale the factor the source applied to the raw inputs (e.g. 1/255 for pixels); 1 when none
 * @param files every file that was read, for provenance
 */
public record DataTable(Matrix inputs, Matrix targets, List<String> classNames, List<String> featureNames,
                        double inputScale, List<Path> files) {
    public DataTable {
        Objects.requireNonNull(inputs, "inputs is null");
        Objects.requireNonNull(targets, "targets is null");
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        files = List.copyOf(files);
        if (inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException(inputs.rows() + " input rows but " + targets.rows() + " target rows");
        }
        if (!classNames.isEmpty() && classNames.size() != targets.columns()) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + targets.columns()
                    + " target columns");
        }
    }
}

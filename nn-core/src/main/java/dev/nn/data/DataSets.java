package dev.nn.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The data sets a spec describes, and what is known about their columns.
 *
 * @param train the training set
 * @param validation the validation set (given, or split off the training set)
 * @param test the test set
 * @param classNames the class of each output for classifiers; empty otherwise
 * @param featureNames the name of each input, when the data named them
 * @param inputScale the factor the training data applied to raw inputs; 1 when none
 * @param files every file read, for provenance
 */
public record DataSets(Optional<DataSet> train, Optional<DataSet> validation, Optional<DataSet> test,
                       List<String> classNames, List<String> featureNames, double inputScale, List<Path> files) {
    public DataSets {
        Objects.requireNonNull(train, "train is null");
        Objects.requireNonNull(validation, "validation is null");
        Objects.requireNonNull(test, "test is null");
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        files = List.copyOf(files);
    }

    /** No data at all. */
    public static DataSets none() {
        return new DataSets(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), 1.0,
                List.of());
    }
}

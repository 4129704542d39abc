package dev.nn.model;

import dev.nn.data.DataSets;
import dev.nn.input.UserText;
import dev.nn.spec.ModelSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a saved model's {@code metadata} (class and feature names) against the network and its data. */
final class MetadataCheck {
    private final ModelSpec spec;
    private final AssemblyProblems problems;

    MetadataCheck(ModelSpec spec, AssemblyProblems problems) {
        this.spec = spec;
        this.problems = problems;
    }

    /**
     * {@code metadata.classes} (a saved model's) against the network and the data: one name per output, or two
     * for a single output; each once; the training data's classes, in the same order, when it has a label. And
     * {@code metadata.features}, each once.
     */
    void check(DataSets data, Integer outputs) {
        if (spec.metadata() == null) {
            return;
        }
        List<String> features = spec.metadata().features();
        if (features != null && new HashSet<>(features).size() != features.size()) {
            problem("metadata.features", "names an input column twice; each input has one name");
        }
        List<String> classes = spec.metadata().classes();
        if (classes == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String name : classes) {
            if (!seen.add(name)) {
                problem("metadata.classes", "names class " + UserText.quote(name) + " twice; each class "
                        + "is one output");
                return;
            }
        }
        if (outputs != null && classes.size() != outputs && !(classes.size() == 2 && outputs == 1)) {
            problem("metadata.classes", "names " + classes.size() + " classes but the last layer has "
                    + outputs + (outputs == 1 ? " unit" : " units") + " (one per class, or one for two classes)");
        } else if (!data.classNames().isEmpty() && !data.classNames().equals(classes)) {
            problem("metadata.classes", "names the classes " + UserText.quoteAll(classes, 10)
                    + " but the training data's are " + UserText.quoteAll(data.classNames(), 10)
                    + ", in this order");
        }
    }

    private void problem(String path, String message) {
        problems.add(path, message);
    }
}

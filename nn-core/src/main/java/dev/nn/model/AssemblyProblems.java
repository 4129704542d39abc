package dev.nn.model;

import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems one assembly found so far, each placed at its key in the spec file, and the plugin exceptions behind
 * some of them (kept for a verbose report).
 */
final class AssemblyProblems {
    private final LoadedSpec loaded;
    private final List<SpecProblem> problems = new ArrayList<>();
    private final List<RuntimeException> pluginFailures = new ArrayList<>();

    AssemblyProblems(LoadedSpec loaded) {
        this.loaded = loaded;
    }

    /** A problem at {@code path} (e.g. {@code layers[1].units}). */
    void add(String path, String message) {
        problems.add(loaded.problem(path, message));
    }

    /** A plugin's exception behind a problem already added. */
    void pluginFailure(RuntimeException e) {
        pluginFailures.add(e);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem as one exception, with the plugin exceptions suppressed in it. */
    SpecException exception() {
        SpecException failed = new SpecException(problems);
        pluginFailures.forEach(failed::addSuppressed);
        return failed;
    }
}

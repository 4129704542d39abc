package dev.nn.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec (or a file it refers to) that cannot be used; carries every problem found. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    /** @param problems every problem; they are reported in the order of their position in the file */
    public SpecException(List<SpecProblem> problems) {
        this(sorted(problems), true);
    }

    private static List<SpecProblem> sorted(List<SpecProblem> problems) {
        return problems.stream()
                .sorted(java.util.Comparator.comparing(SpecProblem::file).thenComparingInt(SpecProblem::line)
                        .thenComparingInt(SpecProblem::column))
                .toList();
    }

    private SpecException(List<SpecProblem> problems, boolean sorted) {
        super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a spec exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public SpecException(SpecProblem problem) {
        this(List.of(problem));
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}

package dev.nn.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec (or a file it refers to) that cannot be used; carries every problem found. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
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

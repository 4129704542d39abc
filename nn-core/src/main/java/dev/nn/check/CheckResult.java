package dev.nn.check;

import java.util.Objects;

/**
 * The outcome of a {@link ComponentGradientCheck}.
 *
 * @param passed whether every compared derivative was within {@link ComponentGradientCheck#TOLERANCE} and the
 *     component kept its contract (finite values, declared ranges, inputs left unmodified, no exception)
 * @param maxRelativeError the largest relative error over the compared points, as defined in
 *     {@link ComponentGradientCheck}; {@code NaN} when the check stopped before it could compare (an exception, a
 *     non-finite value, a value outside the declared range)
 * @param points how many derivatives were compared
 * @param worst when the check failed, why: the worst point (its input values, the analytic and the numeric
 *     derivative) or the broken contract; when it passed, the worst point
 */
public record CheckResult(boolean passed, double maxRelativeError, int points, String worst) {
    public CheckResult {
        Objects.requireNonNull(worst, "worst is null");
        if (points < 0) {
            throw new IllegalArgumentException("points is negative: " + points);
        }
    }

    @Override
    public String toString() {
        return (passed ? "passed" : "FAILED") + " (" + points + " points, max relative error " + maxRelativeError
                + "): " + worst;
    }
}

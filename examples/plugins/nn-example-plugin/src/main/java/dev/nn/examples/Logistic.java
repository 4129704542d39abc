package dev.nn.examples;

/** The logistic sigmoid, computed without overflow. */
final class Logistic {
    private Logistic() {
    }

    /**
     * {@code 1 / (1 + e^-t)}, as {@code e^t / (1 + e^t)} for negative {@code t} so the exponential never exceeds 1:
     * {@code sigmoid(-1000)} is {@code 0}, not {@code NaN}, and infinite {@code t} gives exactly {@code 0} or {@code 1}.
     */
    static double sigmoid(double t) {
        if (t >= 0) {
            return 1.0 / (1.0 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1.0 + e);
    }
}

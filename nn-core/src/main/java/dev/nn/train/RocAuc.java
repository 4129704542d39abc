package dev.nn.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The area under the ROC curve of scores for a two-class label, as scikit-learn's {@code roc_auc_score}: the
 * Mann-Whitney statistic {@code (R+ - P (P + 1) / 2) / (P N)} with {@code R+} the sum of the positive samples' ranks
 * among all scores, tied scores sharing their average rank (a tie between a positive and a negative counts one half).
 */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * @param scores one score per sample, higher meaning more likely positive; finite
     * @param positive whether each sample is of the positive class
     * @return the area in {@code [0, 1]}, or {@code NaN} when the samples are all of one class (undefined)
     */
    public static double of(double[] scores, boolean[] positive) {
        Objects.requireNonNull(scores, "scores is null");
        Objects.requireNonNull(positive, "positive is null");
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRanks = 0.0;
        long positives = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1.0; // ranks are 1-based
            for (int k = start; k <= end; k++) {
                if (positive[order[k]]) {
                    positiveRanks += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}

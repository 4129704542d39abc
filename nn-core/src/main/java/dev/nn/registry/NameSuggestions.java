package dev.nn.registry;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid name a misspelt one most likely meant. */
public final class NameSuggestions {
    private NameSuggestions() {
    }

    /**
     * The candidate with the smallest edit distance to {@code name} (case-insensitive), when that distance is at most
     * a third of the name's length (and at least 1 edit is allowed, 2 for names of 6 or more characters).
     */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(wanted.length() >= 6 ? 2 : 1, wanted.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || distance == bestDistance && best != null
                    && commonPrefix(wanted, candidate) > commonPrefix(wanted, best)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} for the closest candidate, or an empty string when none is close. */
    public static String didYouMean(String name, Collection<String> candidates) {
        return closest(name, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** On equal distance the candidate sharing the longer prefix wins: 'unit' means 'units', not 'init'. */
    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == Character.toLowerCase(b.charAt(n))) {
            n++;
        }
        return n;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

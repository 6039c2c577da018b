package dev.afl.evaluation.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's (1979) step-down adjustment: within a family of m tests, the i-th smallest p-value is multiplied by
 * (m - i + 1), the results made non-decreasing in that order and capped at 1. Rejecting where the adjusted p is
 * below alpha keeps the chance of any false rejection in the family at most alpha, whatever the dependence between
 * the tests, and is never less powerful than Bonferroni.
 */
public final class Holm {

    private Holm() {
    }

    /**
     * The adjusted p-values, in the order given. A NaN p-value (an undefined test) stays NaN, is ordered last and
     * still counts in m, which only makes the others more conservative.
     */
    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(p[i]) ? Double.POSITIVE_INFINITY : p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            if (Double.isNaN(p[i])) {
                adjusted[i] = Double.NaN;
                continue;
            }
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}

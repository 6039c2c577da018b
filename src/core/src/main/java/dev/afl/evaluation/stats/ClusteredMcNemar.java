package dev.afl.evaluation.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Obuchowski's (1998) clustered McNemar test: McNemar's question (do the two configurations succeed equally
 * often?) with the variance of the difference estimated across clusters instead of assuming independent cases.
 *
 * <p>With K clusters, N cases, cluster i holding n_i cases and D_i = b_i - c_i (its cases only the first gets
 * right minus those only the second gets right), the difference in success rates is d = sum D_i / N; its variance
 * is estimated from the clusters' deviations, var = K / (K - 1) * sum (D_i - n_i d)^2 / N^2, and d^2 / var is
 * referred to a chi-square with one degree of freedom. With one case per cluster this is close to McNemar's
 * (B - C)^2 / (B + C); with correlated cases in a cluster the variance grows and p with it.
 *
 * <p>Undefined (NaN) with fewer than two clusters or when the variance estimate is zero (every cluster's D_i is its
 * exact share of the total): there is then nothing to estimate the spread from, and the sign-flip test is the one
 * to read.
 *
 * @param chiSquare the statistic, 1 degree of freedom
 * @param p         two-sided, from the chi-square tail
 */
public record ClusteredMcNemar(double chiSquare, double p) {

    public static ClusteredMcNemar of(ClusteredPairs pairs) {
        int k = pairs.clusters();
        long total = 0;
        long cases = 0;
        for (int i = 0; i < k; i++) {
            total += pairs.differenceIn(i);
            cases += pairs.casesIn(i);
        }
        if (total == 0) {
            return new ClusteredMcNemar(0, 1);
        }
        if (k < 2) {
            return new ClusteredMcNemar(Double.NaN, Double.NaN);
        }
        double d = total / (double) cases;
        double squares = 0;
        for (int i = 0; i < k; i++) {
            double deviation = pairs.differenceIn(i) - pairs.casesIn(i) * d;
            squares += deviation * deviation;
        }
        // Compared with a relative tolerance: the deviations of an exact split are zero only up to rounding.
        if (squares <= 1e-12 * (double) total * total) {
            return new ClusteredMcNemar(Double.NaN, Double.NaN);
        }
        double chiSquare = (double) total * total * (k - 1) / (k * squares);
        return new ClusteredMcNemar(chiSquare, upperTail(chiSquare));
    }

    /** P(X >= x) for X chi-square with one degree of freedom: erfc(sqrt(x / 2)), accurate far into the tail. */
    static double upperTail(double chiSquare) {
        return Erf.erfc(Math.sqrt(chiSquare / 2));
    }
}

package dev.afl.evaluation.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How alike the values within a cluster are (a row's cases over candidate seeds): the one-way ANOVA estimator of
 * the intra-cluster correlation, (MSB - MSW) / (MSB + (n0 - 1) MSW), with n0 the usual effective cluster size for
 * unequal clusters. 0: the cases of a cluster are as different as any two cases; 1: a cluster's cases are all
 * alike. With m cases per cluster, clustering multiplies the variance of a mean by the design effect
 * 1 + (m - 1) * ICC.
 */
public final class IntraClusterCorrelation {

    private IntraClusterCorrelation() {
    }

    /**
     * The estimate; it can fall below 0 by chance when the true value is near 0. NaN when it is undefined: no
     * cluster with two cases, fewer than two clusters, or every value equal.
     */
    public static <K> double anova(List<K> clusters, double[] values) {
        if (clusters.size() != values.length) {
            throw new IllegalArgumentException("need one cluster per value");
        }
        Map<K, double[]> sums = new LinkedHashMap<>();
        double grand = 0;
        for (int i = 0; i < values.length; i++) {
            double[] s = sums.computeIfAbsent(clusters.get(i), k -> new double[2]);
            s[0] += values[i];
            s[1]++;
            grand += values[i];
        }
        int k = sums.size();
        int n = values.length;
        if (k < 2 || n == k) {
            return Double.NaN;
        }
        grand /= n;
        double between = 0;
        double sizesSquared = 0;
        for (double[] s : sums.values()) {
            double mean = s[0] / s[1];
            between += s[1] * (mean - grand) * (mean - grand);
            sizesSquared += s[1] * s[1];
        }
        double within = 0;
        for (int i = 0; i < values.length; i++) {
            double[] s = sums.get(clusters.get(i));
            double deviation = values[i] - s[0] / s[1];
            within += deviation * deviation;
        }
        double msb = between / (k - 1);
        double msw = within / (n - k);
        double n0 = (n - sizesSquared / n) / (k - 1);
        double denominator = msb + (n0 - 1) * msw;
        return denominator == 0 ? Double.NaN : (msb - msw) / denominator;
    }
}

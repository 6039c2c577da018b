package dev.afl.evaluation.stats;

import java.util.List;

/**
 * What the power of a paired comparison at the cluster level depends on: how many clusters (rows), how many cases
 * each (candidate seeds per row; one with the paper's fixed lists), how often the two configurations disagree,
 * and how alike a row's cases are.
 *
 * <p>The power simulation draws each row's four cell probabilities (both right, only the other, only the
 * reference, neither) from a Dirichlet distribution around their means with intra-cluster correlation
 * {@code intraClusterCorrelation}, then the row's cases from them (a Dirichlet-multinomial). Under that model every
 * cell, and so the per-case difference, has this intra-row correlation. What the clustered test's variance
 * depends on is the clustering of the differences, so {@link #observed} estimates it from the per-case
 * differences, not from the hits: on LastFM with ten seeds a row's hits correlate at about 0.65 but the
 * AFL-minus-base differences at about 0.3, and the hits' figure would overstate the clustering.
 *
 * @param clusters                rows (users), at least 2
 * @param casesPerCluster         cases per row, at least 1
 * @param baseRate                the reference configuration's success rate (for example the base model's
 *                                HitRatio@1); the other configuration's is {@code baseRate + difference}
 * @param intraClusterCorrelation intra-row correlation of the paired outcomes, in [0, 1)
 * @param discordance             the share of cases on which the two configurations differ, in (0, 1]; kept
 *                                fixed while the difference varies, so a difference can be at most this large
 */
public record PairedDesign(int clusters, int casesPerCluster, double baseRate, double intraClusterCorrelation,
        double discordance) {

    public PairedDesign {
        if (clusters < 2 || casesPerCluster < 1) {
            throw new IllegalArgumentException("a clustered design needs at least 2 clusters of at least 1 case, got "
                    + clusters + " clusters of " + casesPerCluster);
        }
        if (!(intraClusterCorrelation >= 0 && intraClusterCorrelation < 1)) {
            throw new IllegalArgumentException("the intra-cluster correlation must be in [0, 1), got "
                    + intraClusterCorrelation);
        }
        if (!(discordance > 0 && discordance <= 1)) {
            throw new IllegalArgumentException("the discordance must be in (0, 1], got " + discordance
                    + ": two configurations that never disagree leave a paired test nothing to detect");
        }
        if (!(baseRate >= discordance / 2 && 1 - baseRate >= discordance / 2)) {
            throw new IllegalArgumentException("with a reference success rate of " + baseRate + " the two"
                    + " configurations cannot disagree on " + discordance + " of the cases at equal rates");
        }
    }

    /**
     * The design two observed configurations give: clusters and mean cases per cluster as run, the reference's
     * success rate, the share of discordant cases, and the intra-cluster correlation of the per-case difference
     * (a negative or undefined estimate counts as 0).
     *
     * @param reference the reference configuration's outcomes (the base model)
     * @param other     the compared configuration's outcomes on the same cases
     */
    public static <K> PairedDesign observed(List<K> clusters, boolean[] reference, boolean[] other) {
        if (clusters.size() != reference.length || reference.length != other.length || reference.length == 0) {
            throw new IllegalArgumentException("need one cluster and two outcomes per case, at least one case");
        }
        double[] difference = new double[reference.length];
        int hits = 0;
        int discordant = 0;
        for (int i = 0; i < reference.length; i++) {
            difference[i] = (other[i] ? 1 : 0) - (reference[i] ? 1 : 0);
            hits += reference[i] ? 1 : 0;
            discordant += reference[i] != other[i] ? 1 : 0;
        }
        int k = (int) clusters.stream().distinct().count();
        double icc = IntraClusterCorrelation.anova(clusters, difference);
        return new PairedDesign(k, Math.max(1, (int) Math.round(reference.length / (double) k)),
                hits / (double) reference.length, Double.isNaN(icc) ? 0 : Math.clamp(icc, 0, 0.99),
                discordant / (double) reference.length);
    }

    /** The largest difference the design allows: every discordant case in the other's favour, or no room above. */
    public double maxDifference() {
        return Math.min(discordance, 2 * (1 - baseRate) - discordance);
    }

    /** Variance inflation of a cluster mean from clustering: 1 + (m - 1) * ICC. */
    public double designEffect() {
        return 1 + (casesPerCluster - 1) * intraClusterCorrelation;
    }
}

package dev.afl.evaluation.stats;

import java.util.SplittableRandom;

/**
 * Draws clustered paired outcomes for a {@link PairedDesign} at a given difference: each cluster's probabilities of
 * the four cells (both right, only the other, only the reference, neither) from a Dirichlet with mean
 * {p11, p10, p01, p00} and concentration 1 / ICC - 1 (so that every cell indicator has that intra-cluster
 * correlation), then the cluster's cases from them. With ICC 0 the cases are independent draws from the means.
 */
final class DirichletMultinomialPairs {

    private final int clusters;
    private final int casesPerCluster;
    private final double[] means;
    private final double concentration;

    DirichletMultinomialPairs(PairedDesign design, double difference) {
        if (difference < 0 || difference > design.maxDifference() + 1e-12) {
            throw new IllegalArgumentException("difference " + difference + " outside [0, " + design.maxDifference()
                    + "] for this design");
        }
        double onlyOther = (design.discordance() + difference) / 2;
        double onlyReference = Math.max(0, (design.discordance() - difference) / 2);
        double both = Math.max(0, design.baseRate() - onlyReference);
        double neither = Math.max(0, 1 - both - onlyOther - onlyReference);
        this.clusters = design.clusters();
        this.casesPerCluster = design.casesPerCluster();
        this.means = new double[] {both, onlyOther, onlyReference, neither};
        this.concentration = design.intraClusterCorrelation() == 0 ? Double.POSITIVE_INFINITY
                : 1 / design.intraClusterCorrelation() - 1;
    }

    /** One dataset; the other configuration is the first of the pair, the reference the second. */
    ClusteredPairs draw(SplittableRandom random) {
        int[] cases = new int[clusters];
        int[] onlyFirst = new int[clusters];
        int[] onlySecond = new int[clusters];
        double[] cell = new double[4];
        for (int i = 0; i < clusters; i++) {
            cellProbabilities(random, cell);
            cases[i] = casesPerCluster;
            for (int j = 0; j < casesPerCluster; j++) {
                double u = random.nextDouble();
                if (u < cell[0]) {
                    continue;
                }
                u -= cell[0];
                if (u < cell[1]) {
                    onlyFirst[i]++;
                } else if (u - cell[1] < cell[2]) {
                    onlySecond[i]++;
                }
            }
        }
        return ClusteredPairs.ofCounts(cases, onlyFirst, onlySecond);
    }

    private void cellProbabilities(SplittableRandom random, double[] cell) {
        if (Double.isInfinite(concentration)) {
            System.arraycopy(means, 0, cell, 0, 4);
            return;
        }
        // Gamma draws in logs, normalised by the largest: tiny shapes (high ICC) underflow a plain gamma to 0.
        double largest = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 4; j++) {
            cell[j] = means[j] == 0 ? Double.NEGATIVE_INFINITY : logGamma(concentration * means[j], random);
            largest = Math.max(largest, cell[j]);
        }
        double sum = 0;
        for (int j = 0; j < 4; j++) {
            cell[j] = Math.exp(cell[j] - largest);
            sum += cell[j];
        }
        for (int j = 0; j < 4; j++) {
            cell[j] /= sum;
        }
    }

    /** The log of a Gamma(shape, 1) draw: Marsaglia and Tsang (2000), with U^(1/shape) for shapes below 1. */
    static double logGamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            return logGamma(shape + 1, random) + Math.log(1 - random.nextDouble()) / shape;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return Math.log(d * v);
            }
        }
    }
}

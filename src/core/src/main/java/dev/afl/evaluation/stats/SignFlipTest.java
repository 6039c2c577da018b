package dev.afl.evaluation.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A paired sign-flip permutation test on per-cluster mean differences. Under the null hypothesis the two
 * configurations are exchangeable within a cluster, so each cluster's mean difference (first minus second) is as
 * likely to have either sign; the test compares |sum of the differences| with its distribution over random sign
 * flips. Clusters whose difference is zero cannot change the sum and are left out of the flipping.
 *
 * <p>Two-sided. With at most {@link #EXACT_LIMIT} non-zero clusters every sign pattern is enumerated and p is
 * exact; otherwise {@code permutations} random patterns are drawn (seeded, so a result file reproduces) and
 * p = (1 + patterns at least as extreme) / (1 + permutations), the usual correction that keeps a Monte Carlo
 * p-value valid (never zero).
 *
 * @param meanDifference the mean over all clusters of their mean differences
 * @param p              two-sided p-value
 * @param permutations   sign patterns evaluated: 2^m when exact, else the random draws
 * @param exact          whether every sign pattern was enumerated
 */
public record SignFlipTest(double meanDifference, double p, long permutations, boolean exact) {

    public static final int DEFAULT_PERMUTATIONS = 20_000;
    public static final long DEFAULT_SEED = 20250713L;
    /** Up to this many non-zero clusters the 2^m sign patterns are enumerated (65,536 at most). */
    public static final int EXACT_LIMIT = 16;

    public static SignFlipTest of(double[] clusterDifferences) {
        return of(clusterDifferences, DEFAULT_PERMUTATIONS, DEFAULT_SEED);
    }

    public static SignFlipTest of(double[] clusterDifferences, int permutations, long seed) {
        if (clusterDifferences.length == 0) {
            throw new IllegalArgumentException("no clusters to test");
        }
        if (permutations < 1) {
            throw new IllegalArgumentException("need at least one permutation, got " + permutations);
        }
        double mean = Arrays.stream(clusterDifferences).average().orElseThrow();
        double[] nonZero = Arrays.stream(clusterDifferences).filter(d -> d != 0).toArray();
        if (nonZero.length == 0) {
            return new SignFlipTest(mean, 1.0, 1, true);
        }
        double observed = Math.abs(Arrays.stream(nonZero).sum());
        // Sums of the same rationals in another order differ by rounding only: count those as ties, not as less.
        double threshold = observed - 1e-9 * Arrays.stream(nonZero).map(Math::abs).sum();
        if (nonZero.length <= EXACT_LIMIT) {
            return exact(mean, nonZero, threshold);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long atLeast = 0;
        for (int r = 0; r < permutations; r++) {
            double sum = 0;
            long bits = 0;
            for (int i = 0; i < nonZero.length; i++) {
                if ((i & 63) == 0) {
                    bits = random.nextLong();
                }
                sum += (bits & 1) == 0 ? nonZero[i] : -nonZero[i];
                bits >>>= 1;
            }
            atLeast += Math.abs(sum) >= threshold ? 1 : 0;
        }
        return new SignFlipTest(mean, (1.0 + atLeast) / (1.0 + permutations), permutations, false);
    }

    /** Every sign pattern, in Gray-code order so that each step flips one sign. */
    private static SignFlipTest exact(double mean, double[] nonZero, double threshold) {
        int m = nonZero.length;
        long patterns = 1L << m;
        boolean[] negative = new boolean[m];
        double sum = Arrays.stream(nonZero).sum();
        long atLeast = Math.abs(sum) >= threshold ? 1 : 0;
        for (long step = 1; step < patterns; step++) {
            int flip = Long.numberOfTrailingZeros(step);
            negative[flip] = !negative[flip];
            sum += negative[flip] ? -2 * nonZero[flip] : 2 * nonZero[flip];
            atLeast += Math.abs(sum) >= threshold ? 1 : 0;
        }
        return new SignFlipTest(mean, atLeast / (double) patterns, patterns, true);
    }
}

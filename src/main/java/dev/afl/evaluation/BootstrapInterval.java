package dev.afl.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over cases: resample the per-case values with replacement, take the mean of each
 * resample, report the 2.5th and 97.5th percentiles. Seeded, so a result file reproduces exactly.
 */
public final class BootstrapInterval {

    public static final int DEFAULT_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 20250713L;

    private BootstrapInterval() {
    }

    public static Estimate of(double[] perCase) {
        return of(perCase, DEFAULT_RESAMPLES, DEFAULT_SEED, 0.95);
    }

    public static Estimate of(double[] perCase, int resamples, long seed, double level) {
        if (perCase.length == 0) {
            throw new IllegalArgumentException("no cases to estimate from");
        }
        double mean = Arrays.stream(perCase).average().orElseThrow();
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < perCase.length; i++) {
                sum += perCase[random.nextInt(perCase.length)];
            }
            means[r] = sum / perCase.length;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        return new Estimate(mean, percentile(means, tail), percentile(means, 1 - tail));
    }

    /** Linear interpolation between closest ranks (the common "type 7" definition). */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}

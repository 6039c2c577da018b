package dev.afl.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Percentile bootstrap: resample the units (cases, rows or users) with replacement, compute the statistic of
 * each resample, report the 2.5th and 97.5th percentiles. Seeded, so a result file reproduces exactly. When
 * several values belong to one unit (a row's cases over candidate seeds, a user's judgements) the units are
 * resampled whole, because values within a unit are not independent.
 */
public final class BootstrapInterval {

    public static final int DEFAULT_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 20250713L;

    private BootstrapInterval() {
    }

    /** The mean of independent per-case values. */
    public static Estimate of(double[] perCase) {
        return of(perCase, DEFAULT_RESAMPLES, DEFAULT_SEED, 0.95);
    }

    public static Estimate of(double[] perCase, int resamples, long seed, double level) {
        if (perCase.length == 0) {
            throw new IllegalArgumentException("no cases to estimate from");
        }
        return ofStatistic(perCase.length, sample -> {
            double sum = 0;
            for (int i : sample) {
                sum += perCase[i];
            }
            return sum / sample.length;
        }, resamples, seed, level);
    }

    /**
     * The mean over units of each unit's mean: values sharing a unit key (for example a row's cases over seeds)
     * are averaged first, then the units are resampled.
     */
    public static <K> Estimate ofUnitMeans(List<K> units, double[] values) {
        return of(unitMeans(units, values));
    }

    /**
     * A ratio of sums over units, e.g. accepted judgements over all judgements, where a unit (a row) holds any number
     * of values: the point estimate is sum(numerator) / sum(denominator), and the units are resampled whole. NaN when
     * the denominator sums to zero (nothing to take a share of).
     */
    public static <K> Estimate ofUnitRatio(List<K> units, double[] numerator, double[] denominator) {
        if (units.size() != numerator.length || numerator.length != denominator.length) {
            throw new IllegalArgumentException("need one unit, numerator and denominator per value");
        }
        Map<K, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < numerator.length; i++) {
            double[] sum = sums.computeIfAbsent(units.get(i), k -> new double[2]);
            sum[0] += numerator[i];
            sum[1] += denominator[i];
        }
        if (sums.isEmpty() || sums.values().stream().mapToDouble(s -> s[1]).sum() == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        }
        double[][] byUnit = sums.values().toArray(double[][]::new);
        return ofStatistic(byUnit.length, sample -> {
            double top = 0;
            double bottom = 0;
            for (int i : sample) {
                top += byUnit[i][0];
                bottom += byUnit[i][1];
            }
            return bottom == 0 ? Double.NaN : top / bottom;
        });
    }

    /** Each unit's mean value, in first-seen unit order. */
    public static <K> double[] unitMeans(List<K> units, double[] values) {
        if (units.size() != values.length) {
            throw new IllegalArgumentException("need one unit per value");
        }
        Map<K, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            double[] sum = sums.computeIfAbsent(units.get(i), k -> new double[2]);
            sum[0] += values[i];
            sum[1]++;
        }
        return sums.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
    }

    /**
     * Any statistic of {@code units} units: {@code statistic} receives the indices of one resample (with
     * repeats) and returns its value; index order 0..units-1 gives the point estimate.
     */
    public static Estimate ofStatistic(int units, ToDoubleFunction<int[]> statistic) {
        return ofStatistic(units, statistic, DEFAULT_RESAMPLES, DEFAULT_SEED, 0.95);
    }

    public static Estimate ofStatistic(int units, ToDoubleFunction<int[]> statistic, int resamples, long seed,
            double level) {
        if (units == 0) {
            throw new IllegalArgumentException("no units to estimate from");
        }
        int[] all = new int[units];
        Arrays.setAll(all, i -> i);
        double point = statistic.applyAsDouble(all);
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int[] sample = new int[units];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < units; i++) {
                sample[i] = random.nextInt(units);
            }
            values[r] = statistic.applyAsDouble(sample);
        }
        Arrays.sort(values);
        double tail = (1 - level) / 2;
        return new Estimate(point, percentile(values, tail), percentile(values, 1 - tail));
    }

    /** Linear interpolation between closest ranks (the common "type 7" definition), by Commons Math. */
    static double percentile(double[] sorted, double q) {
        if (q <= 0) {
            return sorted[0];
        }
        return new Percentile().withEstimationType(EstimationType.R_7).evaluate(sorted, q * 100);
    }
}

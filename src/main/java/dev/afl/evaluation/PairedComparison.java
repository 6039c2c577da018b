package dev.afl.evaluation;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Two configurations compared on the same cases by McNemar's exact test: only the discordant cases count
 * ({@code onlyFirst}: the first hits where the second misses; {@code onlySecond}: the reverse). Under the null
 * hypothesis of equal hit rates each discordant case is a fair coin, so the two-sided p-value is twice the
 * smaller binomial tail (capped at 1).
 */
public record PairedComparison(int onlyFirst, int onlySecond, double mcNemarP) {

    public static PairedComparison mcNemar(boolean[] first, boolean[] second) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("paired outcomes need equally many cases");
        }
        int onlyFirst = 0;
        int onlySecond = 0;
        for (int i = 0; i < first.length; i++) {
            if (first[i] && !second[i]) {
                onlyFirst++;
            } else if (second[i] && !first[i]) {
                onlySecond++;
            }
        }
        int discordant = onlyFirst + onlySecond;
        if (discordant == 0) {
            return new PairedComparison(0, 0, 1.0);
        }
        BinomialDistribution coin = new BinomialDistribution(null, discordant, 0.5);
        int smaller = Math.min(onlyFirst, onlySecond);
        double p = Math.min(1.0, 2 * coin.cumulativeProbability(smaller));
        return new PairedComparison(onlyFirst, onlySecond, p);
    }
}

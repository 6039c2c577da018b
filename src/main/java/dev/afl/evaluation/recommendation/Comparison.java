package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;

/**
 * Two configurations on the same cases: the HitRatio@1 difference (first minus second) with a bootstrap CI
 * paired by row, and McNemar's exact test over all cases.
 */
public record Comparison(String first, String second, int cases, Estimate difference, PairedComparison test) {
}

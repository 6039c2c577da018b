package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;

/**
 * Two configurations on the same cases: the HitRatio@1 difference (first minus second, the mean over rows of each
 * row's difference) with a bootstrap CI resampling rows, and the paired tests clustered by row within the report's
 * family of comparisons (or why the comparison was not tested).
 */
public record Comparison(String first, String second, int cases, Estimate difference, PairedComparison test) {
}

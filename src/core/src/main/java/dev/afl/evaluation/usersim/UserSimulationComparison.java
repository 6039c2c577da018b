package dev.afl.evaluation.usersim;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;

/**
 * Two user-simulation methods on the same judgements: the micro-F1 difference (first minus second) with a
 * bootstrap CI resampling users, and the paired tests of per-judgement correctness clustered by user within the
 * report's family of comparisons (or why the comparison was not tested).
 */
public record UserSimulationComparison(String ratio, String first, String second, int judgements,
        Estimate f1Difference, PairedComparison test) {
}

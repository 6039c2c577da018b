package dev.afl.evaluation;

import java.util.List;

/**
 * HitRatio@1 of the feedback loop against its recommendation model alone, on identical cases.
 *
 * @param hitRatioByRound HitRatio@1 had the loop stopped after round r (index r-1): the rounds curve
 * @param difference      AFL minus base, paired over rows, with its bootstrap CI
 * @param pairedTest      McNemar's exact test of AFL against base over all (row, seed) cases
 */
public record LoopResult(String dataset, String recommendationModel, String rewardModel, String agents, int n,
        List<Long> seeds, int maxRounds, Estimate aflHitRatioAt1, Estimate baseHitRatioAt1, Estimate difference,
        PairedComparison pairedTest, List<Double> hitRatioByRound, double meanRounds, double acceptedShare,
        double fallbackShare) {
}

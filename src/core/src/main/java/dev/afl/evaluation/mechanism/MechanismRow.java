package dev.afl.evaluation.mechanism;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;

/**
 * AFL with one recommendation model and one simulated user at one noise level: what the loop did and how its answer
 * compares with the best baseline of the two models alone. Every share is over sessions (rows x user seeds) with a
 * bootstrap 95% CI resampling rows; the comparison is clustered by row.
 *
 * @param rows              test rows
 * @param userSeeds         sessions per row: the user's seeds (1 for a user whose decisions are not drawn)
 * @param hitRatio          AFL's HitRatio@1
 * @param hits              sessions whose final answer is the true item
 * @param minusBest         AFL minus the best baseline (chosen on the validation split)
 * @param test              the clustered tests of that difference, Holm-adjusted over the study's rows
 * @param meanRounds        rounds the user judged per session
 * @param movedAway         sessions whose answer is not the recommendation model's first choice
 * @param movedAndRight     moved away to the true item (the first choice was wrong): a hit the loop won
 * @param movedAndLost      moved away from a first choice that was the true item: a hit the loop lost
 * @param againstReward     the user's decisions that differ from the reward model's verdict (accept its top-1 only)
 */
public record MechanismRow(String recommendationModel, String user, String userLabel, double epsilon, int rows,
        int userSeeds, Estimate hitRatio, int hits, Estimate minusBest, PairedComparison test, Estimate meanRounds,
        Estimate movedAway, Estimate movedAndRight, Estimate movedAndLost, Estimate againstReward) {

    /** Sessions: rows x user seeds. */
    public int sessions() {
        return rows * userSeeds;
    }
}

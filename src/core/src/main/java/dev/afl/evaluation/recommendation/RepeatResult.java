package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import java.util.List;

/**
 * One LLM configuration run k times on the same cases, each repeat sampling with a seed of its own. Every interval
 * is a percentile bootstrap over test rows: a row's cases (its candidate seeds, and the same case in every repeat)
 * are resampled together, because they are not independent; the repeats are never counted as extra cases.
 *
 * @param seeds              the sampling seed of each repeat, in repeat order
 * @param hitRatios          each repeat's HitRatio@1 with its CI over rows, computed as the Recommendation table's
 * @param hits               each repeat's hits
 * @param ledgers            each repeat's LLM calls, tokens and cost
 * @param meanHitRatio       the mean of the repeats' HitRatio@1; CI over rows (a row's cases in every repeat
 *                           averaged first)
 * @param spread             the run-to-run spread: the sample standard deviation of the repeats' HitRatio@1; CI over
 *                           rows (each resample recomputes every repeat's HitRatio@1 on the same rows)
 * @param passAll            pass^k: the share of cases hit in all k repeats; CI over rows
 * @param passAllCases       cases hit in all k repeats
 * @param answerChanged      the share of cases whose final answer is not the same item in all k repeats; CI over rows
 * @param answerChangedCases cases whose final answer changed between repeats
 */
public record RepeatResult(String id, String recommendationModel, String method, String methodLabel, String position,
        int cases, int rows, List<Integer> seeds, List<Estimate> hitRatios, List<Integer> hits,
        List<CostLedger> ledgers, Estimate meanHitRatio, Estimate spread, Estimate passAll, int passAllCases,
        Estimate answerChanged, int answerChangedCases) {

    public RepeatResult {
        seeds = List.copyOf(seeds);
        hitRatios = List.copyOf(hitRatios);
        hits = List.copyOf(hits);
        ledgers = List.copyOf(ledgers);
    }

    /** How many times the configuration ran. */
    public int repeats() {
        return seeds.size();
    }
}

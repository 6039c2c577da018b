package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import java.util.List;
import java.util.Map;

/**
 * One configuration's figures over its cases. Every estimate is a mean with a bootstrap 95% CI over rows (a
 * row's cases over several candidate seeds are averaged first: they are not independent).
 *
 * @param id                 a stable name: dataset/model/method/position
 * @param position           where the true item sat in the candidates: first, random or last
 * @param cases              (row, seed) cases
 * @param rows               distinct rows (the bootstrap's units)
 * @param hits               cases whose final answer is the true item: with one case per row (the paper's lists),
 *                           HitRatio@1 is exactly {@code hits / rows} (null in results written before it was kept)
 * @param hitRatioByRound    HitRatio@1 had the loop stopped after round r (index r-1); one entry without a loop
 * @param hitsByRound        the hits had the loop stopped after round r (index r-1)
 * @param popularityByRound  share of the answers after round r in the head (top 20%), middle (20-50%) and
 *                           tail (bottom 50%) items by training interactions, with its CI over rows
 * @param meanRounds         rounds the user agent judged per case (1 without a loop), with its CI over rows
 * @param audit              the user agent against the reward model, per round; empty without a user agent
 */
public record ConfigurationResult(String id, String dataset, String recommendationModel, String method,
        String methodLabel, String position, String agents, int maxRounds, int cases, int rows, Estimate hitRatio,
        Integer hits, Estimate validRatio, List<Estimate> hitRatioByRound, List<Integer> hitsByRound,
        List<Map<String, Estimate>> popularityByRound,
        Estimate meanRounds, List<RoundAudit> audit, CostLedger ledger) {

    /** Whether every row is one case (the paper's lists, or a single seed): then HitRatio@1 is hits / rows exactly. */
    public boolean oneCasePerRow() {
        return cases == rows;
    }

    /** These figures with another ledger (the same one with its estimate beside it). */
    public ConfigurationResult withLedger(CostLedger other) {
        return new ConfigurationResult(id, dataset, recommendationModel, method, methodLabel, position, agents,
                maxRounds, cases, rows, hitRatio, hits, validRatio, hitRatioByRound, hitsByRound, popularityByRound,
                meanRounds, audit, other);
    }

    /**
     * The disagreement audit of one round: does the user agent's decision agree with the reward model's ranking?
     * "High" items rank within the reward model's top {@code highRankLimit} candidates (the offline verdict's
     * threshold); "low" items rank in the bottom half. Every share is a ratio over the round's judgements with a
     * bootstrap CI resampling rows (the units a round's judgements come from); NaN where nothing was judged.
     *
     * @param rows              rows with a judgement in this round
     * @param acceptedLowShare  accepted low-ranked items of the low-ranked items judged
     * @param rejectedHighShare rejected high-ranked items of the high-ranked items judged
     */
    public record RoundAudit(int round, int judgements, int rows, int highRankLimit, Estimate acceptedShare,
            Estimate agreement, int acceptedLow, int rejectedHigh, int lowJudged, int highJudged,
            Estimate acceptedLowShare, Estimate rejectedHighShare, int fallbacks) {
    }
}

package dev.afl.evaluation.fanout;

import dev.afl.evaluation.CaseRunner;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.RecommendationFigures;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fan-out's aggregation, with no I/O: the per-case result lines the Distributed Map wrote (the format
 * {@link CaseRunner} appends locally) in, one configuration's figures out, computed by
 * {@link RecommendationFigures}, the one place recommendation metrics are aggregated.
 */
public final class FanOutAggregation {

    private FanOutAggregation() {
    }

    /**
     * @param resultLines  every line of the run's result files (JSON Lines of {@code {caseId, result}})
     * @param casesFailed  how many items the Distributed Map reported failed
     * @param buckets      popularity groups, or null to skip the popularity analysis
     */
    public static FanOutMetrics aggregate(String runId, Configuration configuration, List<String> resultLines,
            int casesFailed, int highRankLimit, PopularityBuckets buckets, CostLedger.Prices prices) {
        List<String> unreadable = new ArrayList<>();
        List<CaseOutcome> outcomes = new ArrayList<>(CaseRunner.parse(resultLines, CaseOutcome.class, unreadable::add)
                .values());
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("Run '" + runId + "' has no case results to aggregate (" + casesFailed
                    + " cases failed, " + unreadable.size() + " unreadable lines): see the Distributed Map run's failed"
                    + " items.");
        }
        // The order a local experiment plays its cases (seed after seed, rows in file order): the bootstrap
        // resamples rows in first-seen order, so the same order gives the very same intervals.
        outcomes.sort(Comparator.comparingLong(CaseOutcome::seed).thenComparingInt(CaseOutcome::row));
        return new FanOutMetrics(runId, outcomes.size(), casesFailed, unreadable.size(),
                buckets == null ? null : buckets.source(),
                RecommendationFigures.of(configuration, outcomes, highRankLimit, buckets, prices));
    }
}

package dev.afl.function;

import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.fanout.CaseResult;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.fanout.FanOutMetrics;
import dev.afl.evaluation.fanout.PopularityGroups;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What this function reads and writes as JSON beyond every function's records ({@link StoredRecordReflection}): the
 * case file and the map run's case results it reads from S3, the popularity groups, and the metrics it writes and
 * returns, registered for a native image (the core's records are not in the Jandex index, so the Lambda extension
 * does not reach them from the handler's signature). JVM builds ignore it.
 */
@RegisterForReflection(targets = {FanOutCase.class, CandidateLists.class, CaseResult.class, CaseOutcome.class,
        CaseOutcome.JudgementRecord.class, Usage.class, PopularityGroups.class, FanOutMetrics.class,
        ConfigurationResult.class, ConfigurationResult.RoundAudit.class, Estimate.class, CostLedger.class,
        CostLedger.Prices.class, dev.afl.evaluation.CostEstimate.class, dev.afl.evaluation.CostEstimate.Use.class,
        dev.afl.evaluation.CostEstimate.Cost.class})
public final class AggregateReflection {

    private AggregateReflection() {
    }
}

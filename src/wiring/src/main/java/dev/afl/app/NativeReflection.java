package dev.afl.app;

import dev.afl.AgentTrace;
import dev.afl.catalog.Item;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.fanout.CaseResult;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.fanout.FanOutMetrics;
import dev.afl.evaluation.fanout.PopularityGroups;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.event.RecommendationRefined;
import dev.afl.memory.PendingRound;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionRequest;
import dev.afl.model.ModelCard;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson reads and writes by reflection (the result event, the fan-out's cases, outcomes and metrics,
 * stored sessions, model cards; the functions' own events are in {@code dev.afl.function.FunctionEventReflection}), and the LLM clients' {@link OpenAiRestClientListener},
 * which {@link java.util.ServiceLoader} instantiates from its service file (kept by the native profile's
 * {@code quarkus.native.resources.includes}), and the simulated users' calibration the judge function reads, registered
 * for a native image. JVM builds ignore it.
 */
@RegisterForReflection(targets = {Session.class, SessionRequest.class, RoundRecord.class,
        PendingRound.class, AgentTrace.class, Item.class, ModelCard.class, RecommendationRefined.class,
        RecommendationRefined.FinalItem.class, FanOutCase.class, CaseResult.class,
        CaseOutcome.class, CaseOutcome.JudgementRecord.class, Usage.class, FanOutMetrics.class,
        ConfigurationResult.class, ConfigurationResult.RoundAudit.class, dev.afl.evaluation.Estimate.class,
        dev.afl.evaluation.CostLedger.class, dev.afl.evaluation.CostEstimate.class,
        dev.afl.evaluation.CostEstimate.Use.class, dev.afl.evaluation.CostEstimate.Cost.class, PopularityGroups.class, OpenAiRestClientListener.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.EstimatedOn.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.ModelRef.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.JudgeCalibration.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

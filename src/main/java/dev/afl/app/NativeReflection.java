package dev.afl.app;

import dev.afl.agent.AgentTrace;
import dev.afl.catalog.Item;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.fanout.CaseResult;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.fanout.FanOutMetrics;
import dev.afl.evaluation.fanout.PopularityGroups;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.event.RecommendationRefined;
import dev.afl.function.AggregateEvent;
import dev.afl.function.CaseOutcomeEvent;
import dev.afl.function.FinalizeEvent;
import dev.afl.function.ItemRef;
import dev.afl.function.StartEvent;
import dev.afl.function.StepEvent;
import dev.afl.function.StepResult;
import dev.afl.memory.PendingRound;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionRequest;
import dev.afl.model.ModelCard;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson reads and writes by reflection (function events and results, the result event, the fan-out's
 * cases, outcomes and metrics, stored sessions, model cards), and the LLM clients' {@link OpenAiRestClientListener},
 * which {@link java.util.ServiceLoader} instantiates from its service file (kept by the native profile's
 * {@code quarkus.native.resources.includes}), and the simulated users' calibration the judge function reads, registered
 * for a native image. JVM builds ignore it.
 */
@RegisterForReflection(targets = {StartEvent.class, ItemRef.class, StepEvent.class, FinalizeEvent.class,
        FinalizeEvent.StepFailure.class, StepResult.class, Session.class, SessionRequest.class, RoundRecord.class,
        PendingRound.class, AgentTrace.class, Item.class, ModelCard.class, RecommendationRefined.class,
        RecommendationRefined.FinalItem.class, CaseOutcomeEvent.class, FanOutCase.class, CaseResult.class,
        CaseOutcome.class, CaseOutcome.JudgementRecord.class, Usage.class, AggregateEvent.class, FanOutMetrics.class,
        ConfigurationResult.class, ConfigurationResult.RoundAudit.class, dev.afl.evaluation.Estimate.class,
        dev.afl.evaluation.CostLedger.class, PopularityGroups.class, OpenAiRestClientListener.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.EstimatedOn.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.ModelRef.class,
        dev.afl.agent.simulated.SimulatedUserCalibration.JudgeCalibration.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

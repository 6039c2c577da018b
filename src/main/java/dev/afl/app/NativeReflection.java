package dev.afl.app;

import dev.afl.agent.AgentTrace;
import dev.afl.catalog.Item;
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
 * The records Jackson reads and writes by reflection (function events and results, stored sessions, model
 * cards), registered for a native image. JVM builds ignore it.
 */
@RegisterForReflection(targets = {StartEvent.class, ItemRef.class, StepEvent.class, FinalizeEvent.class,
        FinalizeEvent.StepFailure.class, StepResult.class, Session.class, SessionRequest.class, RoundRecord.class,
        PendingRound.class, AgentTrace.class, Item.class, ModelCard.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

package dev.afl.function;

import dev.afl.AgentTrace;
import dev.afl.catalog.Item;
import dev.afl.event.RecommendationRefined;
import dev.afl.memory.Budget;
import dev.afl.memory.PendingRound;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionRequest;
import dev.afl.model.ModelCard;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records every function reads and writes as JSON besides its event: the session store's items (the request,
 * the proposal, the judged rounds and their traces), the result event, and the model cards the steps check requests
 * against, registered for a native image. The Lambda extension registers only what a handler's signature reaches in
 * the Jandex index, and neither the store's JSON attributes nor the cards are in a signature; the core's records are
 * not indexed (it depends on no Quarkus artifact), so each is listed. JVM builds ignore it.
 */
@RegisterForReflection(targets = {Session.class, SessionRequest.class, Item.class, Budget.class, RoundRecord.class,
        PendingRound.class, AgentTrace.class, RecommendationRefined.class, RecommendationRefined.FinalItem.class,
        ModelCard.class})
public final class StoredRecordReflection {

    private StoredRecordReflection() {
    }
}

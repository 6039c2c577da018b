package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recommend function through the Lambda runtime's JSON path (the mock event server), against dynalite, with the
 * configured recommendation model (ONNX) and the offline recommendation agent.
 */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true)
class RecommendFunctionTest {

    @Inject
    MemoryStore store;

    @Test
    void aStepEventProposesACandidate() {
        String id = "recommend-" + System.nanoTime();
        PlayedSessions.started(store, id, 2);

        JsonNode result = MockLambda.invoke(PlayedSessions.stepEvent(id, 1)).output();

        assertThat(result.path("sessionId").asText()).isEqualTo(id);
        assertThat(result.path("round").asInt()).isEqualTo(1);
        assertThat(result.path("status").asText()).isEqualTo("RUNNING");
        assertThat(result.path("itemId").asText()).isIn(PlayedSessions.CANDIDATES);
        Session proposed = store.require(id);
        assertThat(proposed.pending().round()).isEqualTo(1);
        assertThat(proposed.pending().itemId()).isEqualTo(result.path("itemId").asText());
        assertThat(proposed.pending().rewarded()).isFalse();
        // Delivered again: the same proposal, nothing rewritten.
        assertThat(MockLambda.invoke(PlayedSessions.stepEvent(id, 1)).output()).isEqualTo(result);
        assertThat(store.require(id)).isEqualTo(proposed);
    }

    @Test
    void badStepEventsAreRefusedWithTheirErrorAndChangeNothing() {
        String live = "recommend-live-" + System.nanoTime();
        Session before = PlayedSessions.started(store, live, 4);
        String accepted = "recommend-accepted-" + System.nanoTime();
        Session done = PlayedSessions.judged(store, accepted, 3, true);
        List<BadEvents.BadEvent> events = new ArrayList<>(BadEvents.step(live));
        events.add(new BadEvents.BadEvent("a round out of order", PlayedSessions.stepEvent(live, 3),
                BadEvents.CONFLICT, "out of order"));
        events.add(new BadEvents.BadEvent("a round after an accepted one", PlayedSessions.stepEvent(accepted, 2),
                BadEvents.CONFLICT, "was accepted in round 1"));

        BadEvents.assertEachRefused(events, () -> {
            assertThat(store.require(live)).isEqualTo(before);
            assertThat(store.require(accepted)).isEqualTo(done);
        });
        assertThat(store.find("nobody-here")).isEmpty();
    }
}

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

/** The case-outcome function through the Lambda runtime's JSON path (the mock event server), against dynalite. */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true)
class CaseOutcomeFunctionTest {

    @Inject
    MemoryStore store;

    @Test
    void anEndedSessionBecomesTheCasesResultLine() {
        String id = "case-" + System.nanoTime();
        Session ended = PlayedSessions.accepted(store, id);

        JsonNode result = MockLambda.invoke("{\"sessionId\": \"" + id + "\", \"case\": "
                + PlayedSessions.fanOutCase(id, 7) + "}").output();

        assertThat(result.path("caseId").asText()).as("the case's id: its row and seed").isEqualTo("row7-seed1");
        JsonNode outcome = result.path("result");
        assertThat(outcome.path("row").asInt()).isEqualTo(7);
        assertThat(outcome.path("target").asText()).isEqualTo(PlayedSessions.PROPOSED);
        assertThat(outcome.path("valid").asBoolean()).isTrue();
        // The answer had the loop stopped after each of its 2 rounds: round 1's accepted item both times.
        assertThat(outcome.path("itemAfterRound")).extracting(JsonNode::asText)
                .containsExactly(PlayedSessions.PROPOSED, PlayedSessions.PROPOSED);
        assertThat(outcome.path("judgements").get(0).path("accepted").asBoolean()).isTrue();
        assertThat(store.require(id)).as("read only").isEqualTo(ended);
    }

    @Test
    void badCaseOutcomeEventsAreRefusedWithTheirError() {
        String live = "case-live-" + System.nanoTime();
        Session running = PlayedSessions.rewarded(store, live, 2);
        List<BadEvents.BadEvent> events = new ArrayList<>(BadEvents.caseOutcome(live));
        events.add(new BadEvents.BadEvent("a session still running", "{\"sessionId\": \"" + live + "\", \"case\": "
                + PlayedSessions.fanOutCase(live, 1) + "}", BadEvents.CONFLICT, "still RUNNING"));

        BadEvents.assertEachRefused(events, () -> assertThat(store.require(live)).isEqualTo(running));
    }
}

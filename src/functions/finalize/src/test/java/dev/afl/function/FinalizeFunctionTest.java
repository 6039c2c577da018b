package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The finalize function through the Lambda runtime's JSON path (the mock event server), against dynalite. */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true)
class FinalizeFunctionTest {

    @Inject
    MemoryStore store;

    @Test
    void anAcceptedSessionEndsWithItsResultEventThenRecordsItPublished() {
        String id = "finalize-" + System.nanoTime();
        PlayedSessions.judged(store, id, 2, true);

        JsonNode result = MockLambda.invoke("{\"sessionId\": \"" + id + "\"}").output();

        assertThat(result.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(result.path("finalItemId").asText()).isEqualTo(PlayedSessions.PROPOSED);
        assertThat(result.path("publishResultEvent").asBoolean()).isTrue();
        assertThat(result.path("resultEvent").isObject()).as("resultEvent in %s", result).isTrue();
        assertThat(store.require(id).status()).isEqualTo(SessionStatus.ACCEPTED);

        JsonNode published = MockLambda.invoke("{\"sessionId\": \"" + id + "\", \"resultPublished\": true}").output();
        assertThat(published.path("publishResultEvent").asBoolean()).isFalse();
        assertThat(store.require(id).resultPublishedAt()).isNotNull();
    }

    @Test
    void aFailedStepEndsTheSessionWithTheLambdaErrorsMessage() {
        String id = "finalize-failed-" + System.nanoTime();
        PlayedSessions.started(store, id, 2);
        String cause = "{\\\"errorType\\\": \\\"dev.afl.agent.llm.LlmUnavailableException\\\","
                + " \\\"errorMessage\\\": \\\"the LLM is gone\\\"}";

        JsonNode result = MockLambda.invoke("{\"sessionId\": \"" + id + "\", \"error\": {\"Error\":"
                + " \"dev.afl.agent.llm.LlmUnavailableException\", \"Cause\": \"" + cause + "\"}}").output();

        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(store.require(id).failure()).isEqualTo("dev.afl.agent.llm.LlmUnavailableException: the LLM is gone");
    }

    @Test
    void badFinalizeEventsAreRefusedWithTheirErrorAndChangeNothing() {
        String live = "finalize-live-" + System.nanoTime();
        Session before = PlayedSessions.proposed(store, live, 2);
        List<BadEvents.BadEvent> events = new ArrayList<>(BadEvents.finalize(live));
        events.add(new BadEvents.BadEvent("a session in the middle of a round", "{\"sessionId\": \"" + live + "\"}",
                BadEvents.CONFLICT, "cannot finish yet"));

        BadEvents.assertEachRefused(events, () -> assertThat(store.require(live)).isEqualTo(before));
    }
}

package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.catalog.Item;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The start function through the Lambda runtime's JSON path (the mock event server), against dynalite. */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true)
class StartFunctionTest {

    @Inject
    MemoryStore store;

    @Test
    void aStartEventCreatesTheSessionAndAnsweringItAgainChangesNothing() {
        String id = "start-" + System.nanoTime();
        String event = PlayedSessions.startEvent(id, 2);

        JsonNode result = MockLambda.invoke(event).output();

        assertThat(result.path("sessionId").asText()).isEqualTo(id);
        assertThat(result.path("status").asText()).isEqualTo("RUNNING");
        assertThat(result.path("round").asInt()).isEqualTo(1);
        assertThat(result.path("maxRounds").asInt()).isEqualTo(2);
        assertThat(result.path("stop").asBoolean()).isFalse();
        Session session = store.require(id);
        assertThat(session.request().history()).extracting(Item::id).containsExactlyElementsOf(PlayedSessions.HISTORY);
        assertThat(session.request().candidates()).extracting(Item::title)
                .containsExactlyElementsOf(PlayedSessions.CANDIDATES.stream().map(PlayedSessions::title).toList());
        // Delivered again (at-least-once): the same answer, the session as it was.
        assertThat(MockLambda.invoke(event).output()).isEqualTo(result);
        assertThat(store.require(id)).isEqualTo(session);
    }

    @Test
    void badStartEventsAreRefusedWithTheirErrorAndStoreNothing() {
        String live = "start-live-" + System.nanoTime();
        MockLambda.invoke(PlayedSessions.startEvent(live, 2)).output();
        Session before = store.require(live);
        String fresh = "start-bad-" + System.nanoTime();

        BadEvents.assertEachRefused(BadEvents.start(live, fresh),
                () -> assertThat(store.require(live)).isEqualTo(before));

        for (String id : BadEvents.startIds(fresh)) {
            assertThat(store.find(id)).as(id).isEmpty();
        }
    }
}

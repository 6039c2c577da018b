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
 * The judge function through the Lambda runtime's JSON path (the mock event server), against dynalite, with the
 * offline user agent (it reads the stored reward; no model, and no ONNX Runtime in this module).
 */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true)
class JudgeFunctionTest {

    @Inject
    MemoryStore store;

    @Test
    void aStepEventJudgesTheRewardedProposal() {
        String id = "judge-" + System.nanoTime();
        PlayedSessions.rewarded(store, id, 2);

        JsonNode result = MockLambda.invoke(PlayedSessions.stepEvent(id, 1)).output();

        // The offline user accepts the reward model's top pick (afl.offline.accept-top-k=1): the loop stops.
        assertThat(result.path("accepted").asBoolean()).as("accepted in %s", result).isTrue();
        assertThat(result.path("stop").asBoolean()).isTrue();
        assertThat(result.path("roundsPlayed").asInt()).isEqualTo(1);
        Session judged = store.require(id);
        assertThat(judged.rounds()).hasSize(1);
        assertThat(judged.rounds().getFirst().accepted()).isTrue();
        assertThat(judged.pending()).isNull();
        assertThat(MockLambda.invoke(PlayedSessions.stepEvent(id, 1)).output()).isEqualTo(result);
        assertThat(store.require(id)).isEqualTo(judged);
    }

    @Test
    void badStepEventsAreRefusedWithTheirErrorAndChangeNothing() {
        String live = "judge-live-" + System.nanoTime();
        Session before = PlayedSessions.proposed(store, live, 2);
        List<BadEvents.BadEvent> events = new ArrayList<>(BadEvents.step(live));
        events.add(new BadEvents.BadEvent("a proposal not yet rewarded", PlayedSessions.stepEvent(live, 1),
                BadEvents.CONFLICT, "no reward yet"));

        BadEvents.assertEachRefused(events, () -> assertThat(store.require(live)).isEqualTo(before));
    }
}

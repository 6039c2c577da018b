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
 * The reward function through the Lambda runtime's JSON path (the mock event server), against dynalite, with the
 * bundled reward model (SASRec, ONNX) only.
 */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true)
class RewardFunctionTest {

    @Inject
    MemoryStore store;

    @Test
    void aStepEventScoresTheProposal() {
        String id = "reward-" + System.nanoTime();
        PlayedSessions.proposed(store, id, 2);

        JsonNode result = MockLambda.invoke(PlayedSessions.stepEvent(id, 1)).output();

        assertThat(result.path("itemId").asText()).isEqualTo(PlayedSessions.PROPOSED);
        assertThat(result.path("rewardRank").asInt()).isBetween(1, PlayedSessions.CANDIDATES.size());
        assertThat(result.path("rewardScore").isNumber()).as("rewardScore in %s", result).isTrue();
        Session rewarded = store.require(id);
        assertThat(rewarded.pending().rewarded()).isTrue();
        assertThat(rewarded.pending().rewardRank()).isEqualTo(result.path("rewardRank").asInt());
        assertThat(rewarded.pending().rewardScores()).hasSize(PlayedSessions.CANDIDATES.size());
        assertThat(MockLambda.invoke(PlayedSessions.stepEvent(id, 1)).output()).isEqualTo(result);
        assertThat(store.require(id)).isEqualTo(rewarded);
    }

    @Test
    void badStepEventsAreRefusedWithTheirErrorAndChangeNothing() {
        String live = "reward-live-" + System.nanoTime();
        Session before = PlayedSessions.proposed(store, live, 2);
        String unproposed = "reward-unproposed-" + System.nanoTime();
        Session started = PlayedSessions.started(store, unproposed, 2);
        List<BadEvents.BadEvent> events = new ArrayList<>(BadEvents.step(live));
        events.add(new BadEvents.BadEvent("a round with no proposal", PlayedSessions.stepEvent(live, 2),
                BadEvents.CONFLICT, "no proposal to score"));
        events.add(new BadEvents.BadEvent("a session not yet proposed", PlayedSessions.stepEvent(unproposed, 1),
                BadEvents.CONFLICT, "no proposal to score"));

        BadEvents.assertEachRefused(events, () -> {
            assertThat(store.require(live)).isEqualTo(before);
            assertThat(store.require(unproposed)).isEqualTo(started);
        });
    }
}

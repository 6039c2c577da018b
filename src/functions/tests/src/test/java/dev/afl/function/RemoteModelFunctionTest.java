package dev.afl.function;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.model.remote.ScriptedScoreServer.scores;
import static dev.afl.model.remote.ScriptedScoreServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.model.remote.RemoteModelUnavailableException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The functions with the recommendation model chosen by configuration ({@code afl.models.recommendation=remote}):
 * the recommend step asks the remote endpoint for the suggestion the agent sees, requests are checked against the
 * reward model's vocabulary alone, and an endpoint that stays down fails the step with the transient error the
 * state machine retries, leaving the session as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = RemoteModelResources.class, restrictToAnnotatedClass = true)
class RemoteModelFunctionTest {

    @Inject
    StartHandler start;
    @Inject
    RecommendHandler recommend;
    @Inject
    MemoryStore store;

    private String started() {
        String id = "remote-" + System.nanoTime();
        start.handleRequest(new StartEvent(id, "lastfm", BadEventsTest.refs("52", "63", "73"),
                BadEventsTest.refs("96", "995", "6160"), 2), null);
        return id;
    }

    @Test
    void theRecommendStepAsksTheRemoteModelForTheSuggestion() {
        String id = started();
        assertThat(store.require(id).request().recommendationModel()).isEqualTo("lastfm/remote");
        RemoteModelResources.remote.script(scores(0.1, -2, 7.5));
        ServerlessResources.llm.script(reply("Reason: it fits.\nItem: Artist 96"));

        StepResult result = recommend.handleRequest(new StepEvent(id, 1), null);

        assertThat(result.itemId()).isEqualTo("96");
        JsonNode asked = RemoteModelResources.remote.requests().getFirst().body();
        assertThat(asked.toString()).isEqualTo(
                "{\"dataset\":\"lastfm\",\"history\":[\"52\",\"63\",\"73\"],\"candidates\":[\"96\",\"995\",\"6160\"]}");
        // The agent's prompt names the remote model's best candidate as the suggestion.
        assertThat(ServerlessResources.llm.systemMessage(0)).contains("<data name=\"model-suggestion\">Artist 6160</data>");
    }

    @Test
    void anEndpointThatStaysDownFailsTheStepAndLeavesTheSession() {
        String id = started();
        Session before = store.require(id);
        RemoteModelResources.remote.script(status(503), status(503));
        ServerlessResources.llm.script();

        assertThatThrownBy(() -> recommend.handleRequest(new StepEvent(id, 1), null))
                .isInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining(RemoteModelResources.remote.url()).hasMessageContaining("after 2 tries");
        assertThat(store.require(id)).isEqualTo(before);
        assertThat(ServerlessResources.llm.requests()).as("the agent is not asked without a suggestion").isEmpty();
    }

    @Test
    void requestsAreCheckedAgainstTheRewardModelsVocabulary() {
        // Refused (answered with the problem, as the synchronous API words it), not failed.
        StepResult refused = start.handleRequest(new StartEvent("remote-unknown-" + System.nanoTime(), "lastfm",
                BadEventsTest.refs("52", "no-such-artist"), BadEventsTest.refs("96", "995"), 2), null);
        assertThat(refused.refusal()).isNotNull();
        assertThat(refused.refusal().reason()).contains("no-such-artist");
        assertThat(refused.refusal().problem().type()).isEqualTo("urn:afl:problem:invalid-request");
    }
}

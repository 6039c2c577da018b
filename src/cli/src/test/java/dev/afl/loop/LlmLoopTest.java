package dev.afl.loop;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.TestData;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerAccess;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.app.AgentFactory;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import dev.afl.prompt.PromptSet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole sessions with the LLM agents, driven by scripted replies from a local chat-completions server. */
@QuarkusTest
@QuarkusTestResource(value = ScriptedChatServerResource.class, restrictToAnnotatedClass = true)
class LlmLoopTest {

    static Dataset lastfm;
    static ModelRegistry models;
    static OnnxSequenceModel recModel;
    static OnnxSequenceModel reward;

    @Inject
    AgentFactory agents;

    @BeforeAll
    static void load() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        models = new ModelRegistry();
        recModel = models.bundled("lastfm", "gru4rec", lastfm.catalog());
        reward = models.bundled("lastfm", "sasrec", lastfm.catalog());
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private FeedbackLoop loop() {
        return new FeedbackLoop(LoopModels.of("lastfm", recModel, reward), agents.recommendationAgent(),
                agents.userAgent(), new InMemoryMemoryStore());
    }

    private FeedbackLoop loop(PromptSet prompts) {
        return new FeedbackLoop(LoopModels.of("lastfm", recModel, reward), agents.recommendationAgent(prompts),
                agents.userAgent(prompts), new InMemoryMemoryStore());
    }

    @Test
    void rejectedInRoundOneAcceptedInRoundTwo() {
        ScriptedChatServer server = ScriptedChatServerAccess.server();
        EvaluationCase c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(5);
        ItemCatalog catalog = lastfm.catalog();
        String first = catalog.require(c.candidates().get(3)).title();
        String second = catalog.require(c.candidates().get(7)).title();
        server.script(
                reply("Reason: It continues the history's mood.\nItem: " + first),
                reply("Reason: Not my style at all.\nDecision: no"),
                reply("Reason: Closer to what the user asked for.\nItem: " + second),
                reply("Reason: Yes, I would listen to that.\nDecision: yes"));
        Session session = loop().run(request("llm-1", c, 4));

        assertThat(session.status()).isEqualTo(SessionStatus.ACCEPTED);
        assertThat(session.rounds()).extracting(RoundRecord::itemId)
                .containsExactly(c.candidates().get(3), c.candidates().get(7));
        assertThat(session.rounds()).extracting(RoundRecord::accepted).containsExactly(false, true);
        assertThat(session.finalItemId()).isEqualTo(c.candidates().get(7));
        RoundRecord one = session.rounds().get(0);
        assertThat(one.recommendationReason()).isEqualTo("It continues the history's mood.");
        assertThat(one.userReason()).isEqualTo("Not my style at all.");
        assertThat(one.recommender().fallback()).isFalse();
        assertThat(one.user().model()).isEqualTo("scripted-user");
        assertThat(one.recommender().inputTokens()).isPositive();

        assertThat(one.recommender().promptSet()).isEqualTo("paper");

        // What each request carried (the default prompt set: the paper's).
        String round1Recommender = server.conversation(0);
        for (String id : c.history()) {
            assertThat(server.userMessage(0)).contains(catalog.require(id).title());
        }
        for (String id : c.candidates()) {
            assertThat(server.userMessage(0)).contains(catalog.require(id).title());
        }
        String suggestion = catalog.require(c.candidates().get(argMax(recModel.score(c.history(), c.candidates()))))
                .title();
        assertThat(server.systemMessage(0)).contains("between you and the user: None.",
                "<data name=\"model-suggestion\">" + suggestion + "</data>");
        assertThat(round1Recommender).doesNotContain("<data name=\"memory\">");
        String round1User = server.conversation(1);
        assertThat(server.userMessage(1)).contains("<data name=\"recommended-item\">" + first + "</data>",
                "It continues the history's mood.");
        assertThat(server.systemMessage(1)).contains(String.format(Locale.ROOT, "records: %.3f", one.rewardScore()),
                "between you and the recommendation system: None").doesNotContain("ranks");
        assertThat(round1User).doesNotContain("<data name=\"memory\">");
        // Round 2: the memory, and I_m again (Algorithm 1, line 5): the model's same top-1 as in round 1.
        assertThat(server.systemMessage(2)).contains("In round 1, the music artist you recommended is " + first
                + ". The reason you gave for the recommendation is: It continues the history's mood.. The reason the"
                + " user provided for not considering this to be the best recommendation is: Not my style at all..",
                "<data name=\"model-suggestion\">" + suggestion + "</data>");
        assertThat(server.systemMessage(3)).contains("In round 1, the recommended music artist is " + first + ". The"
                + " reason given by the recommendation system is: It continues the history's mood. The reason you"
                + " provided for not considering this the best recommendation is Not my style at all.");
        assertThat(server.remainingSteps()).isZero();
    }

    @Test
    void thePaperAgentMayProposeTheRejectedItemAgainAndTheUserAgentMayAcceptIt() {
        ScriptedChatServer server = ScriptedChatServerAccess.server();
        EvaluationCase c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(6);
        String first = lastfm.catalog().require(c.candidates().get(2)).title();
        server.script(
                reply("Reason: It fits.\nItem: " + first),
                reply("Reason: Not sure.\nDecision: no"),
                reply("Reason: It still fits best, as its newer records are calmer.\nItem: " + first),
                reply("Reason: Convinced.\nDecision: yes"));
        Session session = loop().run(request("llm-again", c, 4));
        assertThat(session.status()).isEqualTo(SessionStatus.ACCEPTED);
        assertThat(session.rounds()).extracting(RoundRecord::itemId).containsExactly(c.candidates().get(2),
                c.candidates().get(2));
        assertThat(session.rounds().get(1).recommender().attempts()).as("no re-ask").isEqualTo(1);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void theExtendedAgentIsReAskedWhenItProposesTheRejectedItemAgain() {
        ScriptedChatServer server = ScriptedChatServerAccess.server();
        EvaluationCase c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(6);
        String first = lastfm.catalog().require(c.candidates().get(2)).title();
        String other = lastfm.catalog().require(c.candidates().get(5)).title();
        server.script(
                reply("Reason: It fits.\nItem: " + first),
                reply("Reason: Not sure.\nDecision: no"),
                reply("Reason: It still fits best.\nItem: " + first),
                reply("Reason: Then this one.\nItem: " + other),
                reply("Reason: Fine.\nDecision: yes"));
        Session session = loop(PromptSet.EXTENDED).run(request("llm-again-extended", c, 4));
        assertThat(session.rounds()).extracting(RoundRecord::itemId).containsExactly(c.candidates().get(2),
                c.candidates().get(5));
        assertThat(session.rounds().get(1).recommender().attempts()).isEqualTo(2);
        assertThat(session.rounds().get(1).recommender().promptSet()).isEqualTo("extended");
        assertThat(server.userMessage(3)).contains("the user already rejected '" + first + "'");
    }

    /**
     * A fallback's diagnostic stays in the round's trace: the user agent's request after the recommender's fallback,
     * and the recommender's after the user agent's, carry none of it, nor do the stored reasons (the memory).
     */
    @Test
    void fallbackDiagnosticsNeverReachTheOtherAgentOrTheMemory() {
        ScriptedChatServer server = ScriptedChatServerAccess.server();
        // A case where the reward model does not rank the recommendation model's top-1 first: its verdict rejects.
        EvaluationCase c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).stream()
                .filter(k -> argMax(recModel.score(k.history(), k.candidates()))
                        != argMax(reward.score(k.history(), k.candidates()))).findFirst().orElseThrow();
        String second = lastfm.catalog().require(c.candidates().get(4)).title();
        server.script(
                reply("I cannot decide."), reply("Still no idea."), reply("Pass."), // round 1: recommender falls back
                reply("Decision: perhaps"), reply("As an AI I cannot say."), reply("??"), // user falls back
                reply("Reason: Another try.\nItem: " + second), // round 2
                reply("Reason: Good.\nDecision: yes"));
        Session session = loop().run(request("llm-diagnostics", c, 2));

        RoundRecord one = session.rounds().getFirst();
        assertThat(one.recommender().fallback()).isTrue();
        assertThat(one.recommender().fallbackReason()).startsWith("Fallback to the recommendation model's best of the"
                + " candidates, \"").contains("no usable answer after 3 tries; last problem:");
        assertThat(one.user().fallback()).isTrue();
        assertThat(one.user().fallbackReason()).startsWith("Fallback to the reward model's verdict").contains(
                "no usable answer after 3 tries");
        assertThat(one.recommendationReason()).startsWith("The recommendation model ranks \"");
        List<String> diagnostics = List.of("Fallback", "fallback", "no usable answer", "last problem", "tries",
                "LLM call");
        for (String text : List.of(one.recommendationReason(), one.userReason())) {
            assertThat(text).doesNotContain(diagnostics);
        }
        // Requests 3-5: the user agent after the recommender's fallback; 6: the recommender after the user's.
        for (int request = 3; request < server.requests().size(); request++) {
            assertThat(server.conversation(request)).as("request %d", request).doesNotContain(diagnostics);
        }
        assertThat(server.userMessage(3)).contains("<data name=\"recommender-reason\">" + one.recommendationReason());
        assertThat(server.systemMessage(6)).contains("The reason the user provided for not considering this to be the"
                + " best recommendation is: " + one.userReason());
        assertThat(session.rounds()).hasSize(2);
    }

    @Test
    void theRoundLimitEndsASessionOfRejections() {
        ScriptedChatServer server = ScriptedChatServerAccess.server();
        EvaluationCase c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(9);
        ItemCatalog catalog = lastfm.catalog();
        server.script(
                reply("Reason: a\nItem: " + catalog.require(c.candidates().get(0)).title()), reply("Decision: no"),
                reply("Reason: b\nItem: " + catalog.require(c.candidates().get(1)).title()), reply("Decision: no"),
                reply("Reason: c\nItem: " + catalog.require(c.candidates().get(2)).title()), reply("Decision: no"));
        Session session = loop().run(request("llm-limit", c, 3));
        assertThat(session.status()).isEqualTo(SessionStatus.MAX_ROUNDS);
        assertThat(session.rounds()).hasSize(3);
        assertThat(session.finalItemId()).isEqualTo(c.candidates().get(2));
    }

    @Test
    void anLlmThatKeepsFailingStillEndsEverySessionWithFallbacks() {
        ScriptedChatServer server = ScriptedChatServerAccess.server();
        EvaluationCase c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(11);
        ScriptedChatServer.Step[] failures = new ScriptedChatServer.Step[3 * 2 * 4];
        java.util.Arrays.fill(failures, status(500));
        server.script(failures);
        Session session = loop().run(request("llm-down", c, 4));
        assertThat(session.status()).isIn(SessionStatus.ACCEPTED, SessionStatus.MAX_ROUNDS);
        assertThat(session.rounds()).allSatisfy(round -> {
            assertThat(round.recommender().fallback()).isTrue();
            assertThat(round.user().fallback()).isTrue();
            assertThat(round.accepted()).isEqualTo(round.rewardRank() == 1);
        });
        assertThat(c.candidates()).contains(session.finalItemId());
    }

    static RefinementRequest request(String id, EvaluationCase c, int rounds) {
        return new RefinementRequest(id, "lastfm", c.history().stream().map(lastfm.catalog()::require).toList(),
                c.candidates().stream().map(lastfm.catalog()::require).toList(), rounds);
    }

    private static int argMax(float[] scores) {
        return dev.afl.evaluation.HitRatio.argMax(scores);
    }
}

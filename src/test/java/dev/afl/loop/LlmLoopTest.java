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
import dev.afl.model.ModelRegistry;
import dev.afl.model.OnnxSequenceModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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

        // What each request carried.
        String round1Recommender = server.userMessage(0);
        for (String id : c.history()) {
            assertThat(round1Recommender).contains(catalog.require(id).title());
        }
        for (String id : c.candidates()) {
            assertThat(round1Recommender).contains(catalog.require(id).title());
        }
        String suggestion = catalog.require(c.candidates().get(argMax(recModel.score(c.history(), c.candidates()))))
                .title();
        assertThat(round1Recommender).contains("<data name=\"model-suggestion\">" + suggestion + "</data>");
        String round1User = server.userMessage(1);
        assertThat(round1User).contains("<data name=\"recommended-item\">" + first + "</data>",
                String.format(Locale.ROOT, "%.3f, which ranks %d of 20", one.rewardScore(), one.rewardRank()),
                "It continues the history's mood.").doesNotContain("Your memory of this session");
        String round2Recommender = server.userMessage(2);
        assertThat(round2Recommender).contains("Round 1: you recommended \"" + first + "\"", "Not my style at all.");
        String round2User = server.userMessage(3);
        assertThat(round2User).contains("Your memory of this session", "You rejected it because Not my style at all.");
        assertThat(server.remainingSteps()).isZero();
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

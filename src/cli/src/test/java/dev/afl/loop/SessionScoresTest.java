package dev.afl.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.AgentTrace;
import dev.afl.TestData;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.Usage;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.ModelAnswer;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import dev.afl.model.ScoringRequest;
import dev.afl.model.TitledRequest;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each model scores a session once, whatever the number of rounds; an LLM model's own ranking too, with its tokens
 * counted in the round that asked, while a fallback ranking is asked for again.
 */
class SessionScoresTest {

    private static final Dataset LASTFM = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
    private static final ModelRegistry MODELS = new ModelRegistry();
    private static final OnnxSequenceModel GRU4REC = MODELS.bundled("lastfm", "gru4rec", LASTFM.catalog());
    private static final OnnxSequenceModel SASREC = MODELS.bundled("lastfm", "sasrec", LASTFM.catalog());

    /** Declines every proposal, so every session plays its 4 rounds. */
    private static final UserAgent DECLINES = new UserAgent() {
        @Override
        public Judgement judge(JudgementTask task) {
            return new Judgement(false, "never", AgentTrace.offline("declines"));
        }

        @Override
        public Judgement rate(RatingTask task) {
            return new Judgement(false, "never", AgentTrace.offline("declines"));
        }

        @Override
        public String kind() {
            return "declining";
        }
    };

    @AfterAll
    static void close() {
        MODELS.close();
    }

    /** How the counted model answers: computed scores, an LLM's own ranking, or an LLM's fallback. */
    private enum Answers { COMPUTED, LLM, LLM_FALLBACK }

    /** Counts the calls that reach a real model; optionally answers as an LLM would (with a trace). */
    private static final class Counting implements RecommendationModel, RewardModel {
        final OnnxSequenceModel model;
        final Answers answers;
        final AtomicInteger calls = new AtomicInteger();

        Counting(OnnxSequenceModel model, Answers answers) {
            this.model = model;
            this.answers = answers;
        }

        Counting(OnnxSequenceModel model) {
            this(model, Answers.COMPUTED);
        }

        @Override
        public String name() {
            return model.name();
        }

        @Override
        public boolean knows(String itemId) {
            return model.knows(itemId);
        }

        @Override
        public List<float[]> scoreBatch(List<ScoringRequest> requests) {
            calls.incrementAndGet();
            return model.scoreBatch(requests);
        }

        @Override
        public List<ModelAnswer> answerBatch(List<TitledRequest> requests) {
            List<ModelAnswer> computed = RecommendationModel.super.answerBatch(requests);
            if (answers == Answers.COMPUTED) {
                return computed;
            }
            boolean fallback = answers == Answers.LLM_FALLBACK;
            return computed.stream().map(a -> new ModelAnswer(a.scores(), new AgentTrace(AgentTrace.LLM, "stub", "paper",
                    1, fallback, fallback ? "no usable answer" : null, 10, 1, 1))).toList();
        }

        @Override
        public float[] rewards(List<String> history, List<String> candidates) {
            calls.incrementAndGet();
            return model.rewards(history, candidates);
        }
    }

    private static List<EvaluationCase> cases() {
        return EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 0).subList(0, 5);
    }

    private static Session play(FeedbackLoop loop, String id, EvaluationCase c) {
        return loop.run(new RefinementRequest(id, "lastfm", OfflineLoopTest.items(c.history()),
                OfflineLoopTest.items(c.candidates()), 4));
    }

    @Test
    void eachModelScoresASessionOnceAndSessionsDoNotShareScores() {
        Counting recommendation = new Counting(GRU4REC);
        Counting reward = new Counting(SASREC);
        FeedbackLoop loop = new FeedbackLoop(LoopModels.of("lastfm", recommendation, reward),
                new OfflineRecommendationAgent(), DECLINES,
                new InMemoryMemoryStore());
        FeedbackLoop uncached = new FeedbackLoop(LoopModels.of("lastfm", GRU4REC, SASREC),
                new OfflineRecommendationAgent(), DECLINES,
                new InMemoryMemoryStore());
        List<EvaluationCase> cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            Session session = play(loop, "s-" + i, cases.get(i));
            assertThat(session.status()).isEqualTo(SessionStatus.MAX_ROUNDS);
            assertThat(session.rounds()).hasSize(4);
            // The same rounds as scoring every round: proposals, reward scores and ranks.
            assertThat(session.rounds()).isEqualTo(play(uncached, "s-" + i, cases.get(i)).rounds());
        }
        assertThat(recommendation.calls).hasValue(cases.size());
        assertThat(reward.calls).hasValue(cases.size());

        // The same case again under another session id is scored again: sessions pay for their own scores.
        play(loop, "again", cases.getFirst());
        assertThat(recommendation.calls).hasValue(cases.size() + 1);
        assertThat(reward.calls).hasValue(cases.size() + 1);
    }

    @Test
    void anLlmRankingIsAskedOnceAndItsTokensBelongToTheRoundThatAsked() {
        Counting recommendation = new Counting(GRU4REC, Answers.LLM);
        Counting reward = new Counting(SASREC);
        FeedbackLoop loop = new FeedbackLoop(LoopModels.of("lastfm", recommendation, reward),
                new OfflineRecommendationAgent(), DECLINES, new InMemoryMemoryStore());
        Session session = play(loop, "llm", cases().getFirst());
        assertThat(recommendation.calls).hasValue(1);
        assertThat(reward.calls).hasValue(1);
        // The offline agents spend no tokens: what round 1 records is the model's call, and only round 1 has it.
        assertThat(session.rounds().getFirst().recommender().inputTokens()).isEqualTo(10);
        assertThat(session.rounds().getFirst().recommender().outputTokens()).isEqualTo(1);
        assertThat(session.rounds().getFirst().recommender().attempts()).isEqualTo(1);
        assertThat(session.rounds().subList(1, 4)).allSatisfy(round -> {
            assertThat(round.recommender().inputTokens()).isZero();
            assertThat(round.recommender().attempts()).isZero();
        });
        assertThat(Usage.ofRounds(session.rounds())).isEqualTo(new Usage(1, 10, 1));
    }

    @Test
    void anLlmFallbackRankingIsAskedForAgainAndEveryCallIsCounted() {
        Counting recommendation = new Counting(GRU4REC, Answers.LLM_FALLBACK);
        FeedbackLoop loop = new FeedbackLoop(LoopModels.of("lastfm", recommendation, new Counting(SASREC)),
                new OfflineRecommendationAgent(), DECLINES, new InMemoryMemoryStore());
        Session session = play(loop, "llm-fallback", cases().getFirst());
        assertThat(recommendation.calls).hasValue(4);
        assertThat(Usage.ofRounds(session.rounds())).isEqualTo(new Usage(4, 40, 4));
    }
}

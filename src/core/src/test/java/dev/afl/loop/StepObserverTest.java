package dev.afl.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.AgentTrace;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.Proposal;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.agent.UserAgent;
import dev.afl.catalog.Item;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import dev.afl.model.ScoringRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop tells its observer about each step it plays, with the values the step stored, and about nothing else
 * (a retried step found stored is not played); observing changes no result.
 */
class StepObserverTest {

    static final List<Item> HISTORY = List.of(new Item("h1", "Older"), new Item("h2", "Newer"));
    static final List<Item> CANDIDATES = List.of(new Item("c1", "First"), new Item("c2", "Second"),
            new Item("c3", "Third"));

    /** Scores candidates by their position: c3 first for the recommendation model, c1 first for the reward. */
    static final RecommendationModel RECOMMENDATION = new RecommendationModel() {
        @Override
        public String name() {
            return "by-position";
        }

        @Override
        public boolean knows(String itemId) {
            return true;
        }

        @Override
        public List<float[]> scoreBatch(List<ScoringRequest> requests) {
            return requests.stream().map(request -> {
                float[] scores = new float[request.candidates().size()];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = i;
                }
                return scores;
            }).toList();
        }
    };

    static final RewardModel REWARD = new RewardModel() {
        @Override
        public String name() {
            return "reverse-position";
        }

        @Override
        public boolean knows(String itemId) {
            return true;
        }

        @Override
        public float[] rewards(List<String> history, List<String> candidates) {
            float[] scores = new float[candidates.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = -i;
            }
            return scores;
        }
    };

    /** Proposes the candidates in order, one per round, as an LLM would: round 1 is its fallback. */
    static final RecommendationAgent RECOMMENDER = new RecommendationAgent() {
        @Override
        public Proposal propose(RecommendationTask task) {
            boolean fallback = task.round() == 1;
            return new Proposal(CANDIDATES.get(task.round() - 1).id(), "fits round " + task.round(),
                    new AgentTrace(AgentTrace.LLM, "scripted", "paper", 1, fallback, fallback ? "unusable" : null,
                            100 + task.round(), 20 + task.round(), 5));
        }

        @Override
        public Shortlist shortlist(RecommendationTask task, int size) {
            throw new UnsupportedOperationException("not asked by the loop");
        }

        @Override
        public String kind() {
            return AgentTrace.LLM;
        }
    };

    /** Rejects round 1, accepts round 2. */
    static final UserAgent USER = new UserAgent() {
        @Override
        public Judgement judge(JudgementTask task) {
            return new Judgement(task.round() == 2, "round " + task.round(),
                    new AgentTrace(AgentTrace.LLM, "scripted", "paper", 1, false, null, 300, 7, 5));
        }

        @Override
        public Judgement rate(RatingTask task) {
            throw new UnsupportedOperationException("not asked by the loop");
        }

        @Override
        public String kind() {
            return AgentTrace.LLM;
        }
    };

    static LoopParts parts() {
        return new LoopParts(LoopModels.of("lastfm", RECOMMENDATION, REWARD), RECOMMENDER, USER);
    }

    static RefinementRequest request(String id) {
        return new RefinementRequest(id, "lastfm", HISTORY, CANDIDATES, 4);
    }

    @Test
    void eachPlayedStepIsReportedWithWhatItStored() {
        List<StepRecord> records = new ArrayList<>();
        Session session = parts().observedBy(records::add).loop(new InMemoryMemoryStore()).run(request("s-1"));

        assertThat(session.status()).isEqualTo(SessionStatus.ACCEPTED);
        assertThat(records).extracting(r -> r.round() + " " + r.step().label() + " " + r.outcome()).containsExactly(
                "1 recommend proposed", "1 reward scored", "1 judge rejected",
                "2 recommend proposed", "2 reward scored", "2 judge accepted");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.sessionId()).isEqualTo("s-1");
            assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
        });
        // The tokens and fallback each step stored with its round.
        StepRecord recommend1 = records.get(0);
        assertThat(recommend1.inputTokens()).isEqualTo(session.rounds().get(0).recommender().inputTokens())
                .isEqualTo(101);
        assertThat(recommend1.outputTokens()).isEqualTo(21);
        assertThat(recommend1.tokens()).isEqualTo(122);
        assertThat(recommend1.fallback()).isTrue();
        assertThat(records.get(3).fallback()).isFalse();
        assertThat(records.get(3).inputTokens()).isEqualTo(102);
        StepRecord reward = records.get(1);
        assertThat(reward.tokens()).isZero();
        assertThat(reward.fallback()).isFalse();
        StepRecord judge = records.get(2);
        assertThat(judge.inputTokens()).isEqualTo(session.rounds().get(0).user().inputTokens()).isEqualTo(300);
        assertThat(judge.outputTokens()).isEqualTo(7);
    }

    @Test
    void aStepFoundStoredIsNotReported() {
        List<StepRecord> records = new ArrayList<>();
        FeedbackLoop loop = parts().observedBy(records::add).loop(new InMemoryMemoryStore());
        loop.start(request("s-2"));
        loop.recommend("s-2", 1);
        loop.reward("s-2", 1);
        assertThat(records).hasSize(2);

        // At-least-once delivery: the same steps again return the stored session, playing nothing.
        loop.recommend("s-2", 1);
        loop.reward("s-2", 1);
        assertThat(records).hasSize(2);
        loop.judge("s-2", 1);
        loop.judge("s-2", 1);
        assertThat(records).extracting(StepRecord::step).containsExactly(StepRecord.Kind.RECOMMEND,
                StepRecord.Kind.REWARD, StepRecord.Kind.JUDGE);
    }

    @Test
    void observingChangesNoResultEvenWhenTheObserverFails() {
        Session unobserved = parts().loop(new InMemoryMemoryStore()).run(request("s-3"));
        Session observed = parts().observedBy(record -> {
        }).loop(new InMemoryMemoryStore()).run(request("s-3"));
        Session failingObserver = parts().observedBy(record -> {
            throw new IllegalStateException("the log sink is gone");
        }).loop(new InMemoryMemoryStore()).run(request("s-3"));

        for (Session session : List.of(observed, failingObserver)) {
            assertThat(session.status()).isEqualTo(unobserved.status());
            assertThat(session.finalItemId()).isEqualTo(unobserved.finalItemId());
            assertThat(session.rounds()).isEqualTo(unobserved.rounds());
        }
    }

    @Test
    void partsWithoutAnObserverTellNobody() {
        LoopParts parts = parts();
        assertThat(parts.observer()).isSameAs(StepObserver.NONE);
        StepObserver observer = record -> {
        };
        LoopParts observed = parts.observedBy(observer);
        assertThat(observed.observer()).isSameAs(observer);
        assertThat(observed).isEqualTo(new LoopParts(parts.models(), parts.recommendationAgent(),
                parts.userAgent(), observer));
    }
}

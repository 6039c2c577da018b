package dev.afl.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AgentTrace;
import dev.afl.InvalidRequestException;
import dev.afl.TestData;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.Proposal;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.agent.UserAgent;
import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.memory.Budget;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budget-aware termination in-process: each limit ends the session after the round in which it is reached,
 * with its own stop reason, every played round complete and stored. The agents are scripted through the agent
 * interfaces (100 input + 20 output tokens per call) so token counts are exact; the models are the bundled ones.
 */
class BudgetTest {

    static final int IN = 100;
    static final int OUT = 20;
    static ModelRegistry registry;
    static OnnxSequenceModel recommendation;
    static OnnxSequenceModel reward;
    static Dataset lastfm;
    static EvaluationCase c;

    @BeforeAll
    static void load() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        registry = new ModelRegistry();
        recommendation = registry.bundled("lastfm", "gru4rec", lastfm.catalog());
        reward = registry.bundled("lastfm", "sasrec", lastfm.catalog());
        c = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(7);
        // Warm both models up, so a session's first round does not pay for ONNX Runtime's first call.
        recommendation.score(c.history(), c.candidates());
        reward.rewards(c.history(), c.candidates());
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    static AgentTrace trace() {
        return new AgentTrace(AgentTrace.LLM, "scripted", "paper", 1, false, null, IN, OUT, 1);
    }

    /** Proposes the candidates in the given order of the reward model: best first, or worst first. */
    static RecommendationAgent byReward(boolean bestFirst) {
        return new RecommendationAgent() {
            @Override
            public Proposal propose(RecommendationTask task) {
                float[] rewards = reward.rewards(task.history().stream().map(Item::id).toList(),
                        task.candidates().stream().map(Item::id).toList());
                Comparator<Integer> order = Comparator.comparing(i -> rewards[i]);
                Item next = IntStream.range(0, rewards.length).boxed()
                        .sorted(bestFirst ? order.reversed() : order).map(task.candidates()::get)
                        .filter(item -> !task.rejected(item.id())).findFirst().orElseThrow();
                return new Proposal(next.id(), "next by reward", trace());
            }

            @Override
            public Shortlist shortlist(RecommendationTask task, int size) {
                throw new UnsupportedOperationException("not used by the loop");
            }

            @Override
            public String kind() {
                return AgentTrace.LLM;
            }
        };
    }

    /** Rejects every proposal, after sleeping {@code millis}. */
    static UserAgent rejecting(long millis) {
        return new UserAgent() {
            @Override
            public Judgement judge(JudgementTask task) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Judgement(false, "not this one", trace());
            }

            @Override
            public Judgement rate(RatingTask task) {
                throw new UnsupportedOperationException("not used by the loop");
            }

            @Override
            public String kind() {
                return AgentTrace.LLM;
            }
        };
    }

    static Session run(Budget budget, boolean bestFirst, long userMillis) {
        FeedbackLoop loop = new FeedbackLoop(LoopModels.of("lastfm", recommendation, reward), byReward(bestFirst),
                rejecting(userMillis), new InMemoryMemoryStore());
        return loop.run(new RefinementRequest("budget", "lastfm",
                c.history().stream().map(lastfm.catalog()::require).toList(),
                c.candidates().stream().map(lastfm.catalog()::require).toList(), 6, budget));
    }

    static void assertCompleteRounds(Session session, int rounds) {
        assertThat(session.rounds()).hasSize(rounds);
        assertThat(session.rounds()).extracting(RoundRecord::round)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, rounds).boxed().toList());
        assertThat(session.rounds()).allSatisfy(r -> {
            assertThat(r.userReason()).isEqualTo("not this one");
            assertThat(r.rewardRank()).isPositive();
        });
        assertThat(session.pending()).isNull();
        assertThat(session.finalItemId()).isEqualTo(session.rounds().getLast().itemId());
    }

    @Test
    void aTokenLimitStopsAfterTheRoundThatReachesIt() {
        // Each round: two calls of 120 tokens = 240. After round 2: 480 < 500; after round 3: 720 >= 500.
        Session session = run(new Budget(500L, null, null, null, null, null), false, 0);
        assertThat(session.status()).isEqualTo(SessionStatus.TOKEN_BUDGET);
        assertCompleteRounds(session, 3);
    }

    @Test
    void aCostLimitStopsAfterTheRoundThatReachesIt() {
        // $1 per million in, $10 per million out: a round costs 200 * 1e-6 + 40 * 1e-5 = 0.0006.
        Session session = run(new Budget(null, 0.0011, 1.0, 10.0, null, null), false, 0);
        assertThat(session.status()).isEqualTo(SessionStatus.COST_BUDGET);
        assertCompleteRounds(session, 2);
    }

    @Test
    void aWallTimeLimitStopsAfterTheRoundThatReachesIt() {
        // The user takes 150 ms a round: after round 1 the session is under 250 ms old, after round 2 over it.
        Session session = run(new Budget(null, null, null, null, Duration.ofMillis(250), null), false, 150);
        assertThat(session.status()).isEqualTo(SessionStatus.TIME_BUDGET);
        assertCompleteRounds(session, 2);
    }

    @Test
    void patienceStopsWhenTheRewardOfTheProposalsStopsImproving() {
        // Best candidate first: every later proposal scores lower.
        Session worsening = run(new Budget(null, null, null, null, null, 2), true, 0);
        assertThat(worsening.status()).isEqualTo(SessionStatus.NO_IMPROVEMENT);
        assertCompleteRounds(worsening, 3);
        // Worst candidate first: every proposal improves on the last, so the round limit ends it.
        Session improving = run(new Budget(null, null, null, null, null, 2), false, 0);
        assertThat(improving.status()).isEqualTo(SessionStatus.MAX_ROUNDS);
        assertCompleteRounds(improving, 6);
    }

    @Test
    void withoutABudgetOnlyTheRoundLimitCounts() {
        assertThat(run(Budget.NONE, true, 0).status()).isEqualTo(SessionStatus.MAX_ROUNDS);
        assertThat(run(null, true, 0).rounds()).hasSize(6);
    }

    @Test
    void badLimitsAreRefusedWithTheirField() {
        assertThatThrownBy(() -> run(new Budget(0L, null, null, null, null, null), false, 0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("budget.maxTokens");
        assertThatThrownBy(() -> run(new Budget(null, -1.0, 1.0, 1.0, null, null), false, 0))
                .hasMessageContaining("budget.maxCostUsd");
        assertThatThrownBy(() -> run(new Budget(null, 1.0, null, null, null, null), false, 0))
                .hasMessageContaining("needs the token prices");
        assertThatThrownBy(() -> run(new Budget(null, null, null, null, Duration.ZERO, null), false, 0))
                .hasMessageContaining("budget.maxWallTime");
        assertThatThrownBy(() -> run(new Budget(null, null, null, null, null, 0), false, 0))
                .hasMessageContaining("budget.patienceRounds");
    }
}

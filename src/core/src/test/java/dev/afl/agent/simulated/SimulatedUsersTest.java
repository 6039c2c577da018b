package dev.afl.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.afl.AflException;
import dev.afl.agent.Domain;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RewardSignal;
import dev.afl.catalog.Item;
import dev.afl.model.RewardModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The simulated users on hand-made tasks: seeded per decision, accepting at their calibrated rate, noise reversing
 * decisions at its stated rate, the independent user deciding by its own model alone.
 */
class SimulatedUsersTest {

    private static final int CANDIDATES = 20;
    /** Rank r holds the true item in 40, 20, 10, 5 ... of 100 cases: acceptance 0.4 at rank 1, 0.2 at rank 2. */
    private static final RankCalibration CALIBRATION = new RankCalibration("lastfm", "lastfm/sasrec",
            List.of(40, 20, 10, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 100);

    private static CalibratedNoisyUser calibrated(double epsilon, long seed) {
        return new CalibratedNoisyUser(dataset -> CALIBRATION, new DecisionNoise(epsilon), seed, 3);
    }

    /** The n-th of many distinct sessions: its own history and candidates, the proposal at reward rank {@code rank}. */
    private static JudgementTask task(int n, int rank) {
        List<Item> history = List.of(new Item("h" + n, "History " + n), new Item("h" + (n + 1), "History " + (n + 1)));
        List<Item> candidates = new ArrayList<>();
        float[] rewards = new float[CANDIDATES];
        for (int i = 0; i < CANDIDATES; i++) {
            candidates.add(new Item("c" + n + "-" + i, "Candidate " + n + "-" + i));
            rewards[i] = CANDIDATES - i; // candidate i has reward rank i + 1
        }
        return new JudgementTask(Domain.forDataset("lastfm"), 1, history, candidates, candidates.get(rank - 1), "fits",
                RewardSignal.of(rewards, rank - 1), List.of(), null, "lastfm");
    }

    private static double acceptedShare(CalibratedNoisyUser user, int rank, int sessions) {
        int accepted = 0;
        for (int n = 0; n < sessions; n++) {
            accepted += user.judge(task(n, rank)).accepted() ? 1 : 0;
        }
        return accepted / (double) sessions;
    }

    @Test
    void theSameSeedAndSessionGiveTheSameDecisionWhateverTheOrderOfAskingOrOfTheCandidates() {
        CalibratedNoisyUser user = calibrated(0.2, 7);
        List<Boolean> first = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            first.add(user.judge(task(n, 2)).accepted());
        }
        // Asked again in reverse order, by another instance with the same seed.
        CalibratedNoisyUser again = calibrated(0.2, 7);
        for (int n = 199; n >= 0; n--) {
            assertThat(again.judge(task(n, 2)).accepted()).as("session " + n).isEqualTo(first.get(n));
        }
        // The candidates in another order (the true item moved): the same decision, a simulated user reads no order.
        for (int n = 0; n < 50; n++) {
            JudgementTask task = task(n, 2);
            List<Item> shuffled = new ArrayList<>(task.candidates());
            Collections.shuffle(shuffled, new Random(n));
            int position = shuffled.indexOf(task.proposed());
            float[] rewards = new float[CANDIDATES];
            for (int i = 0; i < CANDIDATES; i++) {
                rewards[i] = task.reward().candidateScores().get(task.candidates().indexOf(shuffled.get(i)));
            }
            JudgementTask moved = new JudgementTask(task.domain(), 1, task.history(), shuffled, task.proposed(), "fits",
                    RewardSignal.of(rewards, position), List.of(), null, "lastfm");
            assertThat(user.judge(moved).accepted()).isEqualTo(first.get(n));
        }
        // Another seed is another user: its decisions differ somewhere.
        CalibratedNoisyUser other = calibrated(0.2, 8);
        long differ = 0;
        for (int n = 0; n < 200; n++) {
            differ += other.judge(task(n, 2)).accepted() != first.get(n) ? 1 : 0;
        }
        assertThat(differ).isPositive();
    }

    @Test
    void theCalibratedUserAcceptsAsOftenAsItsRankHoldsTheTrueItem() {
        // 20,000 sessions: the standard error of a share near 0.4 is 0.0035; 0.015 is over 4 of them.
        assertThat(acceptedShare(calibrated(0, 1), 1, 20_000)).isCloseTo(0.40, within(0.015));
        assertThat(acceptedShare(calibrated(0, 1), 2, 20_000)).isCloseTo(0.20, within(0.015));
        assertThat(acceptedShare(calibrated(0, 1), 12, 2_000)).isZero();
    }

    @Test
    void epsilonReversesDecisionsAtItsRate() {
        // A rank that is never the true item: every acceptance is a reversed rejection.
        assertThat(acceptedShare(calibrated(0.1, 3), 15, 20_000)).isCloseTo(0.10, within(0.01));
        assertThat(acceptedShare(calibrated(0.3, 3), 15, 20_000)).isCloseTo(0.30, within(0.015));
        // At rank 1 (0.4): 0.4 (1 - eps) + 0.6 eps.
        assertThat(acceptedShare(calibrated(0.2, 3), 1, 20_000)).isCloseTo(0.4 * 0.8 + 0.6 * 0.2, within(0.015));
        assertThatThrownBy(() -> new DecisionNoise(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be in [0, 1]");
    }

    @Test
    void withoutTheRewardModelTheCalibratedUserKnowsOnlyThePrior() {
        CalibratedNoisyUser user = calibrated(0, 5);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            JudgementTask task = task(n, 1);
            accepted += user.judge(new JudgementTask(task.domain(), 1, task.history(), task.candidates(),
                    task.proposed(), "fits", null, List.of(), null, "lastfm")).accepted() ? 1 : 0;
        }
        assertThat(accepted / 20_000.0).isCloseTo(1.0 / CANDIDATES, within(0.006));
    }

    @Test
    void aRejectionNamesTheRewardModelsFavouritesAndAListOfAnotherLengthIsRefused() {
        CalibratedNoisyUser user = calibrated(0, 11);
        Judgement rejected = null;
        for (int n = 0; rejected == null; n++) {
            Judgement judgement = user.judge(task(n, 2));
            if (!judgement.accepted()) {
                rejected = judgement;
                assertThat(judgement.reason()).contains("ranks 2 of 20", "\"Candidate " + n + "-0\"",
                        "\"Candidate " + n + "-2\"", "\"Candidate " + n + "-3\"");
            }
        }
        assertThat(rejected.trace().model()).isEqualTo("calibrated-user eps=0.00");
        JudgementTask shorter = new JudgementTask(Domain.forDataset("lastfm"), 1, List.of(), task(0, 1).candidates()
                .subList(0, 10), task(0, 1).candidates().getFirst(), "fits",
                RewardSignal.of(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 0), List.of(), null, "lastfm");
        assertThatThrownBy(() -> user.judge(shorter)).isInstanceOf(AflException.class)
                .hasMessageContaining("calibrated on lists of 20 candidates, but this task has 10");
        JudgementTask noDataset = new JudgementTask(Domain.forDataset("lastfm"), 1, List.of(), task(0, 1).candidates(),
                task(0, 1).proposed(), "fits", task(0, 1).reward(), List.of());
        assertThatThrownBy(() -> user.judge(noDataset)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no dataset");
    }

    /** A judge model that scores candidate i of a task by a fixed table, whatever the history. */
    private static RewardModel judgeScoring(java.util.function.ToDoubleFunction<String> score) {
        return new RewardModel() {
            @Override
            public String name() {
                return "lastfm/judge";
            }

            @Override
            public boolean knows(String itemId) {
                return true;
            }

            @Override
            public float[] rewards(List<String> history, List<String> candidates) {
                float[] scores = new float[candidates.size()];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = (float) score.applyAsDouble(candidates.get(i));
                }
                return scores;
            }
        };
    }

    @Test
    void theIndependentUserDecidesByItsOwnModelAndNeverByTheRewardModel() {
        // The judge model prefers the candidates the reward model ranks last: its order is the reverse.
        RewardModel reverse = judgeScoring(id -> Integer.parseInt(id.substring(id.indexOf('-') + 1)));
        IndependentUser user = new IndependentUser(dataset -> new JudgeModel("lastfm/judge", reverse, 10.0),
                DecisionNoise.NONE, 1, 1, 3);
        Judgement rewardFavourite = user.judge(task(0, 1));
        assertThat(rewardFavourite.accepted()).isFalse();
        assertThat(rewardFavourite.reason()).contains("ranks only 20 of 20", "\"Candidate 0-19\"", "\"Candidate 0-18\"");
        assertThat(user.judge(task(0, 20)).accepted()).isTrue();
        // Without the reward model's signal it decides the same: it never read it.
        JudgementTask blind = task(0, 20);
        assertThat(user.judge(new JudgementTask(blind.domain(), 1, blind.history(), blind.candidates(), blind.proposed(),
                "fits", null, List.of(), null, "lastfm")).accepted()).isTrue();
        // Rating: its own score against its own threshold (10), not the reward model's verdict.
        Item liked = new Item("x-12", "Liked");
        assertThat(user.rate(new RatingTask(Domain.forDataset("lastfm"), List.of(), liked, -5f, 0f, List.of(), List.of(), "lastfm"))
                .accepted()).isTrue();
        Item disliked = new Item("x-3", "Disliked");
        assertThat(user.rate(new RatingTask(Domain.forDataset("lastfm"), List.of(), disliked, 5f, 0f, List.of(), List.of(),
                "lastfm")).accepted()).isFalse();
    }

    @Test
    void theIndependentUsersNoiseReversesItsOwnDecisionsAtItsRate() {
        RewardModel reverse = judgeScoring(id -> Integer.parseInt(id.substring(id.indexOf('-') + 1)));
        IndependentUser noisy = new IndependentUser(dataset -> new JudgeModel("lastfm/judge", reverse, 10.0),
                new DecisionNoise(0.2), 9, 1, 3);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            accepted += noisy.judge(task(n, 1)).accepted() ? 1 : 0; // its own rank 20: always rejected without noise
        }
        assertThat(accepted / 20_000.0).isCloseTo(0.2, within(0.012));
    }

    @Test
    void theCalibratedUsersRatingIsTheRewardModelsVerdictReversedAtEpsilon() {
        CalibratedNoisyUser clean = calibrated(0, 2);
        Item item = new Item("i", "Item");
        assertThat(clean.rate(new RatingTask(Domain.forDataset("lastfm"), List.of(), item, 1f, 0.5f, List.of(), List.of(),
                "lastfm")).accepted()).isTrue();
        assertThat(clean.rate(new RatingTask(Domain.forDataset("lastfm"), List.of(), item, 0.1f, 0.5f, List.of(), List.of(),
                "lastfm")).accepted()).isFalse();
        CalibratedNoisyUser noisy = calibrated(0.25, 2);
        int liked = 0;
        for (int n = 0; n < 20_000; n++) {
            liked += noisy.rate(new RatingTask(Domain.forDataset("lastfm"), List.of(new Item("h" + n, "H")), item, 0.1f,
                    0.5f, List.of(), List.of(), "lastfm")).accepted() ? 1 : 0;
        }
        assertThat(liked / 20_000.0).isCloseTo(0.25, within(0.015));
    }
}

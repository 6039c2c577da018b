package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.CaseOutcome.JudgementRecord;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RecommendationFigures;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.evaluation.stats.ClusteredMcNemar;
import dev.afl.evaluation.usersim.LikeThreshold;
import dev.afl.evaluation.usersim.RatingOutcome;
import dev.afl.evaluation.usersim.SimulationMethod;
import dev.afl.evaluation.usersim.UserSimulationComparison;
import dev.afl.evaluation.usersim.UserSimulationFigures;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment aggregations against figures computed by hand. */
class ExperimentFiguresTest {

    private static final Configuration AFL = new Configuration("lastfm", "sasrec", RecommendationMethod.AFL, "random",
            "offline", 3);

    private static JudgementRecord judged(int round, int rank, boolean accepted) {
        return new JudgementRecord(round, "x", rank, 20, accepted, false);
    }

    private static final List<CaseOutcome> LOOP = List.of(
            new CaseOutcome(0, 0, "A", List.of("B", "A", "A"), true,
                    List.of(judged(1, 5, false), judged(2, 1, true)), new Usage(4, 1000, 100)),
            new CaseOutcome(0, 1, "A", List.of("A", "A", "A"), true, List.of(judged(1, 2, true)), new Usage(2, 500, 50)),
            new CaseOutcome(1, 0, "C", List.of("D", "E", "E"), false,
                    List.of(judged(1, 12, false), judged(2, 15, true)), new Usage(5, 1000, 100)),
            new CaseOutcome(2, 0, "F", List.of("F", "G", "G"), true,
                    List.of(judged(1, 1, false), judged(2, 8, true)), new Usage(4, 1000, 100)));

    @Test
    void hitRatioRoundsCurveValidityAndLedgerAreAveragedPerRowFirst() {
        ConfigurationResult r = RecommendationFigures.of(AFL, LOOP, 3, null, new CostLedger.Prices(1.0, 10.0));
        assertThat(r.cases()).isEqualTo(4);
        assertThat(r.rows()).isEqualTo(3);
        // rows: 0 -> (1 + 1) / 2, 1 -> 0, 2 -> 0
        assertThat(r.hitRatio().mean()).isCloseTo(1.0 / 3, within(1e-12));
        // after round 1: row 0 -> (0 + 1) / 2, row 1 -> 0, row 2 -> 1
        assertThat(r.hitRatioByRound()).extracting(Estimate::mean).containsExactly(0.5, 1.0 / 3, 1.0 / 3);
        assertThat(r.validRatio().mean()).isCloseTo((1 + 0 + 1) / 3.0, within(1e-12));
        // rows: 0 -> (2 + 1) / 2 judgements, 1 -> 2, 2 -> 2: the mean over rows of each row's mean
        assertThat(r.meanRounds().mean()).isCloseTo((1.5 + 2 + 2) / 3, within(1e-12));
        assertThat(r.meanRounds().ciLow()).isLessThanOrEqualTo(r.meanRounds().mean());
        assertThat(r.ledger().llmCalls()).isEqualTo(15);
        assertThat(r.ledger().costUsd()).isCloseTo(3500 / 1e6 + 350 * 10 / 1e6, within(1e-12));
        assertThat(r.hitRatio().ciLow()).isLessThanOrEqualTo(r.hitRatio().mean());
        assertThat(r.hitRatio().ciHigh()).isGreaterThanOrEqualTo(r.hitRatio().mean());
    }

    @Test
    void theAuditCountsAgreementAcceptedLowAndRejectedHighPerRound() {
        List<ConfigurationResult.RoundAudit> audit = RecommendationFigures.of(AFL, LOOP, 3, null,
                CostLedger.Prices.FREE).audit();
        // round 1: rank 5 rejected (agrees), 2 accepted (agrees), 12 rejected (low, agrees), 1 rejected (high: disagrees)
        ConfigurationResult.RoundAudit first = audit.get(0);
        assertThat(List.of(first.round(), first.judgements(), first.rows(), first.highRankLimit(), first.acceptedLow(),
                first.rejectedHigh(), first.lowJudged(), first.highJudged(), first.fallbacks()))
                .containsExactly(1, 4, 3, 3, 0, 1, 1, 2, 0);
        assertThat(first.acceptedShare().mean()).isEqualTo(0.25);
        assertThat(first.agreement().mean()).isEqualTo(0.75);
        assertThat(first.acceptedLowShare().mean()).isEqualTo(0.0);
        assertThat(first.rejectedHighShare().mean()).isEqualTo(0.5);
        // round 2: rank 1 accepted (agrees), 15 accepted (low: disagrees), 8 accepted (disagrees)
        ConfigurationResult.RoundAudit second = audit.get(1);
        assertThat(List.of(second.round(), second.judgements(), second.rows(), second.acceptedLow(),
                second.rejectedHigh(), second.lowJudged(), second.highJudged())).containsExactly(2, 3, 3, 1, 0, 1, 1);
        assertThat(second.acceptedShare().mean()).isEqualTo(1.0);
        assertThat(second.agreement().mean()).isCloseTo(1.0 / 3, within(1e-12));
        // Each share is a ratio over the round's judgements with a CI resampling rows: it contains the share.
        for (ConfigurationResult.RoundAudit round : audit) {
            assertThat(round.agreement().ciLow()).isLessThanOrEqualTo(round.agreement().mean());
            assertThat(round.agreement().ciHigh()).isGreaterThanOrEqualTo(round.agreement().mean());
        }
    }

    @Test
    void aPairedComparisonMatchesCasesByRowAndSeed() {
        List<CaseOutcome> base = List.of(
                new CaseOutcome(2, 0, "F", List.of("Z"), true, List.of(), Usage.NONE),
                new CaseOutcome(0, 0, "A", List.of("Z"), true, List.of(), Usage.NONE),
                new CaseOutcome(0, 1, "A", List.of("A"), true, List.of(), Usage.NONE),
                new CaseOutcome(1, 0, "C", List.of("C"), true, List.of(), Usage.NONE));
        Comparison c = RecommendationFigures.compare("afl", LOOP, "base", base);
        assertThat(c.cases()).isEqualTo(4);
        assertThat(c.test().onlyFirst()).isEqualTo(1); // row 0 seed 0
        assertThat(c.test().onlySecond()).isEqualTo(1); // row 1
        // Clustered by row: 3 rows, 2 with a discordant case.
        assertThat(c.test().clusters()).isEqualTo(3);
        assertThat(c.test().discordantClusters()).isEqualTo(2);
        assertThat(c.test().status()).isEqualTo(PairedComparison.Status.TESTED);
        // D per row: +1, -1, 0, so the difference in hits is 0 and the clustered McNemar statistic with it.
        assertThat(c.test().tests().clusteredMcNemar()).isEqualTo(new ClusteredMcNemar(0, 1));
        // Row means +0.5 and -1 (row 2 is 0): the four sign patterns give |sum| 1.5, 0.5, 0.5, 1.5, all >= 0.5.
        assertThat(c.test().tests().signFlip().p()).isEqualTo(1.0);
        // per row: 0 -> (1 + 0) / 2, 1 -> -1, 2 -> 0
        assertThat(c.difference().mean()).isCloseTo(-1.0 / 6, within(1e-12));
        assertThat(c.test().tests().signFlip().meanDifference()).isCloseTo(-1.0 / 6, within(1e-12));
    }

    /** One user's judgements with the given counts of true/false positives and negatives. */
    private static RatingOutcome judgements(String user, int tp, int fp, int fn, int tn) {
        List<Boolean> predicted = new ArrayList<>();
        List<Boolean> liked = new ArrayList<>();
        add(predicted, liked, tp, true, true);
        add(predicted, liked, fp, true, false);
        add(predicted, liked, fn, false, true);
        add(predicted, liked, tn, false, false);
        return new RatingOutcome(user, 0, predicted, liked, Usage.NONE);
    }

    private static void add(List<Boolean> predicted, List<Boolean> liked, int n, boolean p, boolean l) {
        for (int i = 0; i < n; i++) {
            predicted.add(p);
            liked.add(l);
        }
    }

    private static UserSimulationResult figures(String ratio, RatingOutcome... outcomes) {
        return UserSimulationFigures.of("lastfm", "test", ratio, SimulationMethod.USER_AGENT, "offline", 0.5,
                List.of(outcomes), CostLedger.Prices.FREE);
    }

    @Test
    void precisionRecallAndF1AtEachRatio() {
        // 1:1, 10 liked of 20: TP 6, FP 2, FN 4 -> P 6/8, R 6/10, F1 12/18
        UserSimulationResult oneToOne = figures("1:1", judgements("u", 6, 2, 4, 8));
        assertThat(oneToOne.precision().mean()).isCloseTo(0.75, within(1e-12));
        assertThat(oneToOne.recall().mean()).isCloseTo(0.6, within(1e-12));
        assertThat(oneToOne.f1().mean()).isCloseTo(12.0 / 18, within(1e-12));
        assertThat(oneToOne.likedShare().mean()).isCloseTo(8 / 20.0, within(1e-12));
        // 1:3, 5 liked of 20: TP 3, FP 3, FN 2 -> P 0.5, R 0.6, F1 6/11
        UserSimulationResult oneToThree = figures("1:3", judgements("u", 3, 3, 2, 12));
        assertThat(oneToThree.precision().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(oneToThree.recall().mean()).isCloseTo(0.6, within(1e-12));
        assertThat(oneToThree.f1().mean()).isCloseTo(6.0 / 11, within(1e-12));
        // 1:9, 2 liked of 20: TP 1, FP 4, FN 1 -> P 0.2, R 0.5, F1 2/7
        UserSimulationResult oneToNine = figures("1:9", judgements("u", 1, 4, 1, 14));
        assertThat(oneToNine.precision().mean()).isCloseTo(0.2, within(1e-12));
        assertThat(oneToNine.recall().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(oneToNine.f1().mean()).isCloseTo(2.0 / 7, within(1e-12));
    }

    @Test
    void microPoolsUsersWhileMacroAveragesTheUsersWhereEachFigureIsDefined() {
        // u1: TP 2 FP 2 FN 0; u2: no predicted likes, FN 2 -> micro P 2/4, R 2/4; macro P over u1 only
        UserSimulationResult r = figures("1:9", judgements("u1", 2, 2, 0, 16), judgements("u2", 0, 0, 2, 18));
        assertThat(r.users()).isEqualTo(2);
        assertThat(r.precision().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(r.recall().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(r.macro().precision().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(r.macro().recall().mean()).isCloseTo(0.5, within(1e-12)); // (1 + 0) / 2
        assertThat(r.macro().f1().mean()).isCloseTo((2 * 2 / 6.0 + 0) / 2, within(1e-12));
    }

    @Test
    void userSimulationComparisonCountsCorrectnessPerJudgement() {
        List<Boolean> liked = new ArrayList<>(List.of(true, true));
        add(liked, new ArrayList<>(), 18, false, false);
        List<Boolean> wrongOnFour = new ArrayList<>(List.of(true, false, true, true, true)); // TP, FN, FP, FP, FP
        add(wrongOnFour, new ArrayList<>(), 15, false, false);
        RatingOutcome better = new RatingOutcome("u", 0, liked, liked, Usage.NONE);
        RatingOutcome worse = new RatingOutcome("u", 0, wrongOnFour, liked, Usage.NONE);
        UserSimulationComparison c = UserSimulationFigures.compare("1:9", "afl", List.of(better), "reward-model",
                List.of(worse));
        assertThat(c.judgements()).isEqualTo(20);
        // worse is wrong on 1 FN + 3 FP where better is right; never the reverse
        assertThat(c.test().onlyFirst()).isEqualTo(4);
        assertThat(c.test().onlySecond()).isZero();
        assertThat(c.f1Difference().mean()).isCloseTo(1.0 - 2.0 / 6, within(1e-12)); // worse: TP 1, FP 3, FN 1
        // One user is one cluster: nothing to estimate a variance across, and one sign to flip (p = 2 / 2).
        assertThat(c.test().clusters()).isEqualTo(1);
        assertThat(c.test().tests().clusteredMcNemar().p()).isNaN();
        assertThat(c.test().tests().signFlip().p()).isEqualTo(1.0);
    }

    @Test
    void userSimulationTestsClusterAUsersJudgementsOverSeeds() {
        // Three users, two seeds each, 2 judgements per case: the first method is right on both judgements of
        // every case, the second wrong on one judgement of every case of u1 and u2 and on none of u3.
        List<RatingOutcome> right = new ArrayList<>();
        List<RatingOutcome> wrong = new ArrayList<>();
        for (String user : List.of("u1", "u2", "u3")) {
            for (long seed = 0; seed < 2; seed++) {
                right.add(new RatingOutcome(user, seed, List.of(true, false), List.of(true, false), Usage.NONE));
                boolean miss = !user.equals("u3");
                wrong.add(new RatingOutcome(user, seed, List.of(!miss, false), List.of(true, false), Usage.NONE));
            }
        }
        UserSimulationComparison c = UserSimulationFigures.compare("1:1", "afl", right, "reward-model", wrong);
        assertThat(c.judgements()).isEqualTo(12);
        assertThat(c.test().clusters()).isEqualTo(3);
        assertThat(c.test().onlyFirst()).isEqualTo(4);
        assertThat(c.test().discordantClusters()).isEqualTo(2);
        // User means 2/4, 2/4, 0: two non-zero clusters, four patterns, |sum| = 1 for 2 of them.
        assertThat(c.test().tests().signFlip().p()).isEqualTo(0.5);
        assertThat(c.test().tests().signFlip().meanDifference()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void theLikeThresholdMaximisesF1OnTheValidationScores() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3};
        boolean[] liked = {true, true, false, true, false, false, false};
        // >= 0.9: F1 2/3; >= 0.8: 4/5; >= 0.7: 4/6; >= 0.6: 6/7 (best); >= 0.5: 6/8 ...
        LikeThreshold threshold = LikeThreshold.maximisingF1(scores, liked);
        assertThat(threshold.value()).isEqualTo(0.6);
        assertThat(threshold.validationF1()).isCloseTo(6.0 / 7, within(1e-12));
    }
}

package dev.afl.evaluation.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Repeat-run figures against a hand computation: three runs of five cases over four rows (row 0 holds two candidate
 * seeds, so its cases are one unit), their HitRatio@1 per run, mean, spread, pass^3 and the answers that changed.
 */
public class RepeatFiguresTest {

    public static final Configuration REC_AGENT = new Configuration("lastfm", "sasrec", RecommendationMethod.REC_AGENT,
            "random", "llm", 1);

    /** Cases (row, seed): (0,1), (0,2), (1,1), (2,1), (3,1); target "t" everywhere. */
    public static List<CaseOutcome> run(String... finals) {
        int[][] cases = {{0, 1}, {0, 2}, {1, 1}, {2, 1}, {3, 1}};
        List<CaseOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            outcomes.add(new CaseOutcome(cases[i][0], cases[i][1], "t", List.of(finals[i]), true, List.of(),
                    new Usage(2, 100, 10)));
        }
        return outcomes;
    }

    @Test
    void theFiguresAreTheHandComputedOnesWithRowsAsTheUnit() {
        List<CaseOutcome> first = run("t", "x", "t", "y", "t");
        List<CaseOutcome> second = new ArrayList<>(run("t", "t", "z", "y", "t"));
        Collections.reverse(second); // the runs are matched by case, not by order
        List<CaseOutcome> third = run("t", "x", "t", "w", "x");
        RepeatResult r = RepeatFigures.of(REC_AGENT, List.of(1, 2, 3), List.of(first, second, third), 10,
                CostLedger.Prices.DEFAULT);

        // Row means per run: run 1 (0.5, 1, 0, 1), run 2 (1, 0, 0, 1), run 3 (0.5, 1, 0, 0).
        assertThat(r.hitRatios().stream().map(Estimate::mean).toList()).containsExactly(0.625, 0.5, 0.375);
        assertThat(r.hits()).containsExactly(3, 3, 2);
        assertThat(r.cases()).isEqualTo(5);
        assertThat(r.rows()).isEqualTo(4);
        assertThat(r.repeats()).isEqualTo(3);
        assertThat(r.meanHitRatio().mean()).isCloseTo(0.5, within(1e-12));
        // Deviations 0.125, 0, -0.125: sample variance 0.03125 / 2.
        assertThat(r.spread().mean()).isCloseTo(0.125, within(1e-12));
        // Only case (0,1) is hit in all three runs: row means (0.5, 0, 0, 0).
        assertThat(r.passAllCases()).isEqualTo(1);
        assertThat(r.passAll().mean()).isCloseTo(0.125, within(1e-12));
        assertThat(r.passAll().mean()).isLessThan(r.meanHitRatio().mean());
        // Every case but (0,1) answered another item in some run: row means (0.5, 1, 1, 1).
        assertThat(r.answerChangedCases()).isEqualTo(4);
        assertThat(r.answerChanged().mean()).isCloseTo(0.875, within(1e-12));
        for (Estimate e : List.of(r.meanHitRatio(), r.spread(), r.passAll(), r.answerChanged())) {
            assertThat(e.ciLow()).isLessThanOrEqualTo(e.mean());
            assertThat(e.ciHigh()).isGreaterThanOrEqualTo(e.mean());
        }
        assertThat(r.spread().ciLow()).isGreaterThanOrEqualTo(0);
        assertThat(r.ledgers()).allSatisfy(ledger -> assertThat(ledger.llmCalls()).isEqualTo(10));
        assertThat(r.id()).isEqualTo("lastfm/sasrec/rec-agent/random");
    }

    @Test
    void identicalRunsHaveNoSpreadAndPassTheirHitRatio() {
        List<CaseOutcome> same = run("t", "x", "t", "y", "t");
        RepeatResult r = RepeatFigures.of(REC_AGENT, List.of(1, 2), List.of(same, same), 10, CostLedger.Prices.DEFAULT);
        assertThat(r.spread()).isEqualTo(new Estimate(0, 0, 0));
        assertThat(r.answerChanged()).isEqualTo(new Estimate(0, 0, 0));
        assertThat(r.passAll()).isEqualTo(r.meanHitRatio());
        assertThat(r.passAll().mean()).isEqualTo(0.625);
    }

    @Test
    void runsOfOtherCasesAreRefusedNotMatchedByPosition() {
        List<CaseOutcome> first = run("t", "x", "t", "y", "t");
        List<CaseOutcome> fewer = first.subList(0, 4);
        assertThatThrownBy(() -> RepeatFigures.of(REC_AGENT, List.of(1, 2), List.of(first, fewer), 10,
                CostLedger.Prices.DEFAULT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Repeat 2 of lastfm/sasrec/rec-agent/random played other cases", "--fresh");
        assertThatThrownBy(() -> RepeatFigures.of(REC_AGENT, List.of(1), List.of(first), 10,
                CostLedger.Prices.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyWhatAnLlmAnswersIsRepeated() {
        RepeatExperiment.Sampling offline = new RepeatExperiment.Sampling(false, false, Set.of());
        RepeatExperiment.Sampling recommender = new RepeatExperiment.Sampling(true, false, Set.of());
        RepeatExperiment.Sampling user = new RepeatExperiment.Sampling(false, true, Set.of());
        RepeatExperiment.Sampling llmModel = new RepeatExperiment.Sampling(false, false, Set.of("llm"));
        for (RecommendationMethod method : RecommendationMethod.values()) {
            assertThat(offline.samples(at("sasrec", method))).as(method.id()).isFalse();
            assertThat(recommender.samples(at("sasrec", method))).as(method.id())
                    .isEqualTo(method != RecommendationMethod.BASE && !method.isBaseline());
            assertThat(user.samples(at("sasrec", method))).as(method.id()).isEqualTo(method.usesUserAgent());
            assertThat(llmModel.samples(at("sasrec", method))).as(method.id()).isFalse();
            assertThat(llmModel.samples(at("llm", method))).as(method.id())
                    .isEqualTo(method != RecommendationMethod.REWARD_MODEL);
        }
        assertThat(offline.any()).isFalse();
        assertThat(user.any()).isTrue();
    }

    private static Configuration at(String model, RecommendationMethod method) {
        return new Configuration("lastfm", model, method, "random", "llm", 3);
    }
}

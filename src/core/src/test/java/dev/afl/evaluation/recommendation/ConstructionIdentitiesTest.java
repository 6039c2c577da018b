package dev.afl.evaluation.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PairedComparison.Status;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The comparisons of an offline run as one family: what the configurations make identical or repeated by
 * construction is listed, not tested, and Holm's family is what is left.
 */
class ConstructionIdentitiesTest {

    private static final ConstructionIdentities.Models MODELS = new ConstructionIdentities.Models(
            Set.of("sasrec", "gru4rec"), Set.of("sasrec"));

    /** Hits of 10 rows x 2 seeds, as a string of 0s and 1s in (row, seed) order. */
    private static List<CaseOutcome> outcomes(String hits) {
        List<CaseOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < hits.length(); i++) {
            outcomes.add(new CaseOutcome(i / 2, i % 2, "T", List.of(hits.charAt(i) == '1' ? "T" : "X"), true,
                    List.of(), Usage.NONE));
        }
        return outcomes;
    }

    private static final String BASE = "11000000110000001100";
    private static final String AFL = "11110011110011000111";
    private static final String NO_REC_MODEL = "00000000000000000011";

    private static Configuration configuration(String agents, String model, RecommendationMethod method,
            String position) {
        return new Configuration("lastfm", model, method, position, agents, 4);
    }

    /** An offline-like run: every identity holds in the outcomes. */
    private static Map<Configuration, List<CaseOutcome>> run(String agents, String gruBaseFirst) {
        Map<Configuration, List<CaseOutcome>> run = new LinkedHashMap<>();
        for (RecommendationMethod method : List.of(RecommendationMethod.BASE, RecommendationMethod.REC_AGENT,
                RecommendationMethod.AFL)) {
            run.put(configuration(agents, "sasrec", method, "random"), outcomes(BASE));
        }
        run.put(configuration(agents, "gru4rec", RecommendationMethod.BASE, "random"), outcomes(BASE));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.REC_AGENT, "random"), outcomes(BASE));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.AFL, "random"), outcomes(AFL));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.AFL_WITHOUT_REC_MODEL, "random"),
                outcomes(NO_REC_MODEL));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.AFL_WITHOUT_REWARD_MODEL, "random"),
                outcomes(BASE));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.BASE, "first"), outcomes(gruBaseFirst));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.REC_AGENT, "first"), outcomes(BASE));
        run.put(configuration(agents, "gru4rec", RecommendationMethod.AFL, "first"), outcomes(AFL));
        return run;
    }

    private static PairedComparison find(List<Comparison> comparisons, String first, String second) {
        return comparisons.stream()
                .filter(c -> c.first().equals("lastfm/" + first) && c.second().equals("lastfm/" + second))
                .findFirst().orElseThrow(() -> new AssertionError("no comparison " + first + " vs " + second))
                .test();
    }

    @Test
    void offlineIdentitiesAndRepeatsAreListedAndOnlyTheRestIsTested() {
        List<Comparison> c = RecommendationExperiment.comparisons(run("offline", BASE), List.of(), MODELS);
        assertThat(find(c, "sasrec/rec-agent/random", "sasrec/base/random").status())
                .isEqualTo(Status.IDENTICAL_BY_CONSTRUCTION);
        assertThat(find(c, "sasrec/afl/random", "sasrec/base/random").note())
                .contains("the recommendation model is the reward model",
                        "the offline Rec Agent proposes the recommendation model's best candidate");
        assertThat(find(c, "gru4rec/rec-agent/random", "gru4rec/base/random").status())
                .isEqualTo(Status.IDENTICAL_BY_CONSTRUCTION);
        assertThat(find(c, "gru4rec/afl/random", "gru4rec/base/random").status()).isEqualTo(Status.TESTED);
        PairedComparison repeat = find(c, "gru4rec/afl/random", "gru4rec/afl-no-reward-model/random");
        assertThat(repeat.status()).isEqualTo(Status.SAME_AS_ANOTHER);
        assertThat(repeat.note()).startsWith(
                "the same comparison as gru4rec · AFL (random) vs gru4rec · Base model (random) (")
                .contains("without the reward model the offline user accepts the first proposal");
        assertThat(find(c, "gru4rec/afl/random", "gru4rec/rec-agent/random").status())
                .isEqualTo(Status.SAME_AS_ANOTHER);
        assertThat(find(c, "gru4rec/afl/random", "gru4rec/afl-no-rec-model/random").status())
                .isEqualTo(Status.TESTED);
        // Position: a scoring model and the offline agents read no order.
        assertThat(find(c, "gru4rec/base/first", "gru4rec/base/random").note())
                .isEqualTo("a scoring model, and the offline agents that follow it, do not read the candidates' order");
        assertThat(find(c, "gru4rec/afl/first", "gru4rec/afl/random").status())
                .isEqualTo(Status.IDENTICAL_BY_CONSTRUCTION);
        assertThat(find(c, "gru4rec/afl/first", "gru4rec/base/first").status()).isEqualTo(Status.SAME_AS_ANOTHER);
        // 14 comparisons; Holm's family is the two that can tell anything.
        assertThat(c).hasSize(14);
        assertThat(c.stream().filter(x -> x.test().tested()))
                .allSatisfy(x -> assertThat(x.test().tests().familySize()).isEqualTo(2)).hasSize(2);
    }

    @Test
    void withLlmAgentsOnlyTheScoringModelsIdentitiesRemain() {
        List<Comparison> c = RecommendationExperiment.comparisons(run("llm", BASE), List.of(), MODELS);
        // The LLM's Rec Agent is not the base model: same outcomes here, so untested for want of a discordant case.
        assertThat(find(c, "gru4rec/rec-agent/random", "gru4rec/base/random").status())
                .isEqualTo(Status.NO_DISCORDANT_CASE);
        assertThat(find(c, "gru4rec/afl/random", "gru4rec/rec-agent/random").status()).isEqualTo(Status.TESTED);
        // The base model is still a scoring model.
        assertThat(find(c, "gru4rec/base/first", "gru4rec/base/random").status())
                .isEqualTo(Status.IDENTICAL_BY_CONSTRUCTION);
        assertThat(find(c, "gru4rec/afl/first", "gru4rec/afl/random").status()).isEqualTo(Status.NO_DISCORDANT_CASE);
    }

    @Test
    void anIdentityTheOutcomesBreakIsTestedAndSaysSo() {
        // The base model at the first position answers differently on one case (a tie broken by position).
        String tie = "01000000110000001100";
        List<Comparison> c = RecommendationExperiment.comparisons(run("offline", tie), List.of(), MODELS);
        PairedComparison broken = find(c, "gru4rec/base/first", "gru4rec/base/random");
        assertThat(broken.status()).isEqualTo(Status.TESTED);
        assertThat(broken.note()).startsWith("expected identical by construction (a scoring model")
                .endsWith("but the outcomes differ on 1 cases");
    }
    @Test
    void theBaselinesAndTheSimulatedUsersHaveTheirIdentities() {
        String calibrated = "offline+calibrated-eps0.10-seed1";
        String independent = "offline+independent-morec-eps0.00-seed1";
        List<Configuration[]> pairs = List.of(
                new Configuration[] {configuration("offline", "sasrec", RecommendationMethod.AFL, "random"),
                    configuration("offline", "sasrec", RecommendationMethod.REWARD_MODEL, "random")},
                new Configuration[] {configuration("llm", "sasrec", RecommendationMethod.RANK_FUSION, "random"),
                    configuration("llm", "sasrec", RecommendationMethod.BASE, "random")},
                new Configuration[] {configuration("offline", "gru4rec", RecommendationMethod.TOP5_BY_SASREC, "random"),
                    configuration("offline", "gru4rec", RecommendationMethod.MODEL_TOP5_BY_REWARD, "random")},
                new Configuration[] {configuration("offline", "gru4rec", RecommendationMethod.AFL, "random"),
                    configuration("offline", "gru4rec", RecommendationMethod.RANK_FUSION, "random")},
                new Configuration[] {configuration(independent, "gru4rec", RecommendationMethod.AFL, "random"),
                    configuration(independent, "gru4rec", RecommendationMethod.AFL_WITHOUT_REWARD_MODEL, "random")},
                new Configuration[] {configuration(calibrated, "gru4rec", RecommendationMethod.AFL, "random"),
                    configuration(calibrated, "gru4rec", RecommendationMethod.AFL_WITHOUT_REWARD_MODEL, "random")},
                new Configuration[] {configuration(calibrated, "gru4rec", RecommendationMethod.AFL, "first"),
                    configuration(calibrated, "gru4rec", RecommendationMethod.AFL, "random")},
                new Configuration[] {configuration("offline+llm", "gru4rec", RecommendationMethod.AFL, "first"),
                    configuration("offline+llm", "gru4rec", RecommendationMethod.AFL, "random")},
                new Configuration[] {configuration("offline+llm", "gru4rec", RecommendationMethod.REC_AGENT, "random"),
                    configuration("offline+llm", "gru4rec", RecommendationMethod.BASE, "random")});
        List<dev.afl.evaluation.PlannedComparison.Expectation> e = ConstructionIdentities.expectations(pairs, MODELS);
        // Offline, AFL with SASRec as both models is the reward model alone.
        assertThat(e.get(0)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Identical.class);
        assertThat(((dev.afl.evaluation.PlannedComparison.Identical) e.get(0)).reason())
                .contains("the reward model alone, the fusion of its ranking with itself");
        // Whatever the agents, a baseline of SASRec with itself is SASRec.
        assertThat(e.get(1)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Identical.class);
        // The offline agent's top 5 are the model's.
        assertThat(e.get(2)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Identical.class);
        assertThat(e.get(3)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Unknown.class);
        // The independent user never reads the reward model; the calibrated user does.
        assertThat(((dev.afl.evaluation.PlannedComparison.Identical) e.get(4)).reason())
                .isEqualTo("the independent user never reads the reward model");
        assertThat(e.get(5)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Unknown.class);
        // A simulated user reads no order; an LLM user does.
        assertThat(e.get(6)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Identical.class);
        assertThat(e.get(7)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Unknown.class);
        // The offline recommendation agent is the base model whatever the user.
        assertThat(e.get(8)).isInstanceOf(dev.afl.evaluation.PlannedComparison.Identical.class);
    }
}

package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationCase.TargetPosition;
import dev.afl.evaluation.PlannedComparison.Expectation;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The recommendation experiments of the paper (Tables 4, 6, 7, Figure 4) and the position-bias runs: plays
 * every planned configuration on the same cases, aggregates each, and compares the configurations the paper
 * compares, paired on identical cases.
 */
public final class RecommendationExperiment {

    /** Runs one configuration's cases (in-process, or through a resumable {@code CaseRunner}). */
    @FunctionalInterface
    public interface CaseStore {
        List<CaseOutcome> run(Configuration configuration, List<EvaluationCase> cases,
                Function<EvaluationCase, CaseOutcome> play);
    }

    /** All figures of one run. */
    public record Result(List<ConfigurationResult> configurations, List<Comparison> comparisons) {
    }

    /** Which configurations to run. */
    public record Plan(List<String> models, String variantModel, boolean methods, boolean positions) {

        /** The configurations, in report order. */
        public List<Configuration> configurations(String dataset, String agents, int maxRounds) {
            List<Configuration> planned = new ArrayList<>();
            String random = position(TargetPosition.RANDOM);
            if (methods) {
                for (String model : models) {
                    for (RecommendationMethod method : List.of(RecommendationMethod.BASE, RecommendationMethod.REC_AGENT,
                            RecommendationMethod.AFL)) {
                        planned.add(new Configuration(dataset, model, method, random, agents, maxRounds));
                    }
                }
                for (RecommendationMethod method : RecommendationMethod.ALL) {
                    if (!List.of(RecommendationMethod.BASE, RecommendationMethod.REC_AGENT, RecommendationMethod.AFL)
                            .contains(method)) {
                        planned.add(new Configuration(dataset, variantModel, method, random, agents, maxRounds));
                    }
                }
            }
            if (positions) {
                for (TargetPosition position : TargetPosition.values()) {
                    for (RecommendationMethod method : List.of(RecommendationMethod.BASE, RecommendationMethod.REC_AGENT,
                            RecommendationMethod.AFL)) {
                        Configuration c = new Configuration(dataset, variantModel, method, position(position), agents,
                                maxRounds);
                        if (!planned.contains(c)) {
                            planned.add(c);
                        }
                    }
                }
            }
            return planned;
        }
    }

    private RecommendationExperiment() {
    }

    /**
     * @param cases   the protocol's cases (true item at a random place)
     * @param players one player per recommendation model name
     */
    public static Result run(Plan plan, String dataset, String agents, int maxRounds, List<EvaluationCase> cases,
            Map<String, CasePlayer> players, CaseStore store, int highRankLimit, PopularityBuckets buckets,
            CostLedger.Prices prices) {
        Map<Configuration, List<CaseOutcome>> outcomes = new LinkedHashMap<>();
        List<ConfigurationResult> results = new ArrayList<>();
        for (Configuration configuration : plan.configurations(dataset, agents, maxRounds)) {
            CasePlayer player = players.get(configuration.recommendationModel());
            if (player == null) {
                throw new IllegalArgumentException("no player for model " + configuration.recommendationModel());
            }
            TargetPosition position = TargetPosition.valueOf(configuration.position().toUpperCase(Locale.ROOT));
            List<EvaluationCase> placed = cases.stream().map(c -> c.withTargetAt(position)).toList();
            List<CaseOutcome> played = store.run(configuration, placed, c -> player.play(configuration.method(), c));
            outcomes.put(configuration, played);
            results.add(RecommendationFigures.of(configuration, played, highRankLimit, buckets, prices));
        }
        Set<String> orderFree = new HashSet<>();
        Set<String> rewardModels = new HashSet<>();
        players.forEach((model, player) -> {
            if (player.readsNoOrder()) {
                orderFree.add(model);
            }
            if (player.recommendsWithTheRewardModel()) {
                rewardModels.add(model);
            }
        });
        return new Result(results, comparisons(outcomes, new ConstructionIdentities.Models(orderFree, rewardModels)));
    }

    /**
     * The comparisons the paper's tables make, for every pair that was run, as one family: clustered by row,
     * Holm-adjusted together, the ones identical or repeated by construction (see {@link ConstructionIdentities})
     * or without a discordant case listed but not tested.
     */
    static List<Comparison> comparisons(Map<Configuration, List<CaseOutcome>> outcomes,
            ConstructionIdentities.Models models) {
        List<String[]> pairs = new ArrayList<>(); // {first method, second method}
        pairs.add(new String[] {"rec-agent", "base"});
        pairs.add(new String[] {"afl", "base"});
        pairs.add(new String[] {"afl", "rec-agent"});
        pairs.add(new String[] {"top5-by-sasrec", "rec-agent"});
        pairs.add(new String[] {"top5-by-user", "rec-agent"});
        pairs.add(new String[] {"afl", "afl-no-rec-model"});
        pairs.add(new String[] {"afl", "afl-no-reward-model"});
        pairs.add(new String[] {"afl", "afl-no-models"});
        List<Configuration[]> compared = new ArrayList<>();
        for (Configuration first : outcomes.keySet()) {
            for (Configuration second : outcomes.keySet()) {
                boolean samePlace = first.recommendationModel().equals(second.recommendationModel())
                        && first.position().equals(second.position());
                boolean methodPair = samePlace && pairs.stream().anyMatch(p -> p[0].equals(first.method().id())
                        && p[1].equals(second.method().id()));
                boolean positionPair = first.recommendationModel().equals(second.recommendationModel())
                        && first.method() == second.method() && !first.position().equals(second.position())
                        && second.position().equals(position(TargetPosition.RANDOM));
                if (methodPair || positionPair) {
                    compared.add(new Configuration[] {first, second});
                }
            }
        }
        List<Expectation> expectations = ConstructionIdentities.expectations(compared, models);
        List<RecommendationFigures.PlannedPair> planned = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            Configuration first = compared.get(i)[0];
            Configuration second = compared.get(i)[1];
            planned.add(new RecommendationFigures.PlannedPair(first.id(), outcomes.get(first), second.id(),
                    outcomes.get(second), first.label() + " vs " + second.label(), expectations.get(i)));
        }
        return RecommendationFigures.compareAll(planned);
    }

    public static String position(TargetPosition position) {
        return position.name().toLowerCase(Locale.ROOT);
    }
}

package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.BootstrapInterval;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PaperFigures;
import dev.afl.evaluation.PowerLine;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationCase.TargetPosition;
import dev.afl.evaluation.PlannedComparison.Expectation;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * All figures of one run.
     *
     * @param baselines which baseline each AFL row is compared with (empty when the methods were not run)
     * @param power     the power of AFL against the base model, per recommendation model
     * @param outcomes  every configuration's case outcomes, cases placed as they were played (for the repeat runs)
     */
    public record Result(List<ConfigurationResult> configurations, List<Comparison> comparisons,
            List<BaselineChoice> baselines, List<PowerLine> power, Map<Configuration, List<CaseOutcome>> outcomes) {
    }

    /**
     * Which configurations to run.
     *
     * @param methods   the paper's methods and the baselines beside AFL (Tables 4, 6, 7)
     * @param positions the position-bias runs
     */
    public record Plan(List<String> models, String variantModel, boolean methods, boolean positions) {

        /** The configurations, in report order. */
        public List<Configuration> configurations(String dataset, String agents, int maxRounds) {
            List<Configuration> planned = new ArrayList<>();
            String random = position(TargetPosition.RANDOM);
            List<RecommendationMethod> table4 = List.of(RecommendationMethod.BASE, RecommendationMethod.REC_AGENT,
                    RecommendationMethod.AFL);
            if (methods) {
                for (String model : models) {
                    for (RecommendationMethod method : table4) {
                        planned.add(new Configuration(dataset, model, method, random, agents, maxRounds));
                    }
                    for (RecommendationMethod method : RecommendationMethod.BASELINES) {
                        planned.add(new Configuration(dataset, model, method, random, agents, maxRounds));
                    }
                }
                for (RecommendationMethod method : RecommendationMethod.PAPER) {
                    if (!table4.contains(method)) {
                        planned.add(new Configuration(dataset, variantModel, method, random, agents, maxRounds));
                    }
                }
            }
            if (positions) {
                for (TargetPosition position : TargetPosition.values()) {
                    for (RecommendationMethod method : table4) {
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

        /** The models whose AFL row gets its baselines (and their choice on the validation split). */
        List<String> modelsWithBaselines() {
            return methods ? models : List.of();
        }
    }

    /**
     * Where the baselines are chosen: the validation split's cases under the same candidate protocol, and the store
     * they are played through (apart from the test cases').
     */
    public record Selection(List<EvaluationCase> cases, CaseStore store) {
    }

    private RecommendationExperiment() {
    }

    /**
     * @param cases     the protocol's cases (true item at a random place)
     * @param selection the validation cases the best baseline of each AFL row is chosen on
     * @param players   one player per recommendation model name
     */
    public static Result run(Plan plan, String dataset, String agents, int maxRounds, List<EvaluationCase> cases,
            Selection selection, Map<String, CasePlayer> players, CaseStore store, int highRankLimit,
            PopularityBuckets buckets, CostLedger.Prices prices) {
        Map<Configuration, List<CaseOutcome>> outcomes = new LinkedHashMap<>();
        List<ConfigurationResult> results = new ArrayList<>();
        for (Configuration configuration : plan.configurations(dataset, agents, maxRounds)) {
            CasePlayer player = player(players, configuration);
            List<EvaluationCase> placed = placed(cases, configuration);
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
        List<BaselineChoice> baselines = new ArrayList<>();
        for (String model : plan.modelsWithBaselines()) {
            baselines.add(chooseBaseline(dataset, model, agents, maxRounds, outcomes, selection, player(players,
                    new Configuration(dataset, model, RecommendationMethod.BASE, "random", agents, maxRounds))));
        }
        List<PowerLine> power = new ArrayList<>();
        String lists = cases.isEmpty() ? "" : cases.getFirst().lists().id();
        for (String model : plan.modelsWithBaselines()) {
            power.add(power(dataset, lists, model, outcomes.get(at(dataset, model, RecommendationMethod.BASE, agents,
                    maxRounds)), outcomes.get(at(dataset, model, RecommendationMethod.AFL, agents, maxRounds))));
        }
        return new Result(results, comparisons(outcomes, baselines,
                new ConstructionIdentities.Models(orderFree, rewardModels)), baselines, power,
                java.util.Collections.unmodifiableMap(outcomes));
    }

    /** The protocol's cases with the true item where the configuration puts it. */
    static List<EvaluationCase> placed(List<EvaluationCase> cases, Configuration configuration) {
        TargetPosition position = TargetPosition.valueOf(configuration.position().toUpperCase(Locale.ROOT));
        return cases.stream().map(c -> c.withTargetAt(position)).toList();
    }

    static CasePlayer player(Map<String, CasePlayer> players, Configuration configuration) {
        CasePlayer player = players.get(configuration.recommendationModel());
        if (player == null) {
            throw new IllegalArgumentException("no player for model " + configuration.recommendationModel());
        }
        return player;
    }

    private static Configuration at(String dataset, String model, RecommendationMethod method, String agents,
            int maxRounds) {
        return new Configuration(dataset, model, method, position(TargetPosition.RANDOM), agents, maxRounds);
    }

    /**
     * Each baseline of the model on the validation cases, the best of them by HitRatio@1 (ties to the earlier of
     * {@link RecommendationMethod#BASELINES}), and the one best on the test cases with AFL's difference to it.
     */
    static BaselineChoice chooseBaseline(String dataset, String model, String agents, int maxRounds,
            Map<Configuration, List<CaseOutcome>> outcomes, Selection selection, CasePlayer player) {
        Map<String, Estimate> validation = new LinkedHashMap<>();
        RecommendationMethod chosen = null;
        double best = Double.NEGATIVE_INFINITY;
        for (RecommendationMethod method : RecommendationMethod.BASELINES) {
            Configuration configuration = at(dataset, model, method, agents, maxRounds);
            List<CaseOutcome> played = selection.store().run(configuration, selection.cases(),
                    c -> player.play(method, c));
            Estimate hit = BootstrapInterval.ofUnitMeans(played.stream().map(CaseOutcome::row).toList(),
                    played.stream().mapToDouble(o -> o.hit() ? 1 : 0).toArray());
            validation.put(method.id(), hit);
            if (hit.mean() > best) {
                best = hit.mean();
                chosen = method;
            }
        }
        RecommendationMethod testBest = null;
        double bestOnTest = Double.NEGATIVE_INFINITY;
        for (RecommendationMethod method : RecommendationMethod.BASELINES) {
            List<CaseOutcome> played = outcomes.get(at(dataset, model, method, agents, maxRounds));
            double hit = played.stream().filter(CaseOutcome::hit).count() / (double) played.size();
            if (hit > bestOnTest) {
                bestOnTest = hit;
                testBest = method;
            }
        }
        Configuration afl = at(dataset, model, RecommendationMethod.AFL, agents, maxRounds);
        Configuration optimistic = at(dataset, model, testBest, agents, maxRounds);
        return new BaselineChoice(model, afl.id(), validation, selection.cases().size(),
                (int) selection.cases().stream().map(EvaluationCase::row).distinct().count(), chosen.id(),
                at(dataset, model, chosen, agents, maxRounds).id(), testBest.id(), optimistic.id(),
                RecommendationFigures.difference(outcomes.get(afl), outcomes.get(optimistic)));
    }

    /** AFL against the base model: the smallest difference the clustered test detects with 80% power. */
    private static PowerLine power(String dataset, String lists, String model, List<CaseOutcome> base,
            List<CaseOutcome> afl) {
        Map<String, CaseOutcome> byCase = new HashMap<>();
        afl.forEach(o -> byCase.put(o.row() + "/" + o.seed(), o));
        List<Integer> rows = new ArrayList<>();
        boolean[] reference = new boolean[base.size()];
        boolean[] other = new boolean[base.size()];
        int n = 0;
        for (CaseOutcome o : base) {
            CaseOutcome paired = byCase.get(o.row() + "/" + o.seed());
            if (paired != null) {
                rows.add(o.row());
                reference[n] = o.hit();
                other[n++] = paired.hit();
            }
        }
        return PowerLine.of(dataset, lists, model, "AFL vs Base model", rows, java.util.Arrays.copyOf(reference, n),
                java.util.Arrays.copyOf(other, n), PaperFigures.aflGain(dataset, model).orElse(null));
    }

    /**
     * The comparisons the paper's tables make, for every pair that was run, as one family: clustered by row,
     * Holm-adjusted together, the ones identical or repeated by construction (see {@link ConstructionIdentities})
     * or without a discordant case listed but not tested.
     */
    static List<Comparison> comparisons(Map<Configuration, List<CaseOutcome>> outcomes, List<BaselineChoice> baselines,
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
        // Each AFL row against its best baseline (chosen on the validation split), in the same family.
        List<String> labels = new ArrayList<>(compared.stream().map(p -> p[0].label() + " vs " + p[1].label()).toList());
        for (BaselineChoice choice : baselines) {
            Configuration afl = byId(outcomes, choice.aflId());
            Configuration best = byId(outcomes, choice.chosenId());
            compared.add(new Configuration[] {afl, best});
            labels.add(afl.label() + " vs its best baseline, " + best.label() + " (chosen on the validation split)");
        }
        List<Expectation> expectations = ConstructionIdentities.expectations(compared, models);
        List<RecommendationFigures.PlannedPair> planned = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            Configuration first = compared.get(i)[0];
            Configuration second = compared.get(i)[1];
            planned.add(new RecommendationFigures.PlannedPair(first.id(), outcomes.get(first), second.id(),
                    outcomes.get(second), labels.get(i), expectations.get(i)));
        }
        return RecommendationFigures.compareAll(planned);
    }

    private static Configuration byId(Map<Configuration, List<CaseOutcome>> outcomes, String id) {
        return outcomes.keySet().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("configuration " + id + " was not run"));
    }

    public static String position(TargetPosition position) {
        return position.name().toLowerCase(Locale.ROOT);
    }
}

package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Repeat-run reliability ({@code experiment --repeats k}): every configuration whose answers come from a sampling LLM
 * is played again on the same cases, repeats 2..k, each with agents sampling with that repeat's seed; repeat 1 is the
 * experiment's own run. The configurations that answer the same every time run once.
 */
public final class RepeatExperiment {

    /** Why the other configurations ran once, as the report says it. */
    public static final String RAN_ONCE_BECAUSE = "no LLM samples their answers: the offline agents, the bundled and"
            + " remote recommendation models and the simulated users (whose draws follow afl.agents.simulated.seed)"
            + " answer the same every run, so a repeat would repeat the same answers";

    /** Plays one repeat of a configuration's cases (resumably, per-case files keyed by repeat, in the CLI). */
    @FunctionalInterface
    public interface RepeatStore {
        List<CaseOutcome> run(int repeat, Configuration configuration, List<EvaluationCase> cases,
                Function<EvaluationCase, CaseOutcome> play);
    }

    /**
     * What samples from an LLM in this run: the recommendation agent, the user agent, and the recommendation models
     * that ask one (the {@code llm} model).
     */
    public record Sampling(boolean recommendationAgent, boolean userAgent, Set<String> models) {

        public Sampling {
            models = Set.copyOf(models);
        }

        /** Whether the configuration's answers can change from one run to the next. */
        public boolean samples(Configuration configuration) {
            RecommendationMethod method = configuration.method();
            return recommendationAgent && method.usesRecommendationAgent()
                    || userAgent && method.usesUserAgent()
                    || models.contains(configuration.recommendationModel())
                            && method != RecommendationMethod.REWARD_MODEL;
        }

        /** Whether anything in the run samples. */
        public boolean any() {
            return recommendationAgent || userAgent || !models.isEmpty();
        }
    }

    private RepeatExperiment() {
    }

    /**
     * @param seeds    the sampling seed of each repeat (repeat 1's first): k seeds, k at least 2
     * @param firstRun repeat 1: the experiment's outcomes of each configuration, cases placed as it placed them
     * @param cases    the protocol's cases (true item at a random place), placed per configuration as the experiment
     *                 places them
     * @param players  the players of repeat r (2..k), one per recommendation model name, their agents sampling with
     *                 that repeat's seed
     */
    public static RepeatRuns run(List<Integer> seeds, Map<Configuration, List<CaseOutcome>> firstRun, Sampling sampling,
            List<EvaluationCase> cases, IntFunction<Map<String, CasePlayer>> players, RepeatStore store,
            int highRankLimit, CostLedger.Prices prices) {
        if (seeds.size() < 2) {
            throw new IllegalArgumentException("repeat runs need at least 2 seeds, got " + seeds);
        }
        List<Configuration> repeated = firstRun.keySet().stream().filter(sampling::samples).toList();
        List<String> ranOnce = firstRun.keySet().stream().filter(c -> !sampling.samples(c)).map(Configuration::id)
                .toList();
        List<RepeatResult> results = new ArrayList<>();
        // One set of players per repeat, made when first needed: each holds its agents (and their cassettes).
        Map<Integer, Map<String, CasePlayer>> playersByRepeat = new HashMap<>();
        for (Configuration configuration : repeated) {
            List<List<CaseOutcome>> runs = new ArrayList<>();
            runs.add(firstRun.get(configuration));
            List<EvaluationCase> placed = RecommendationExperiment.placed(cases, configuration);
            for (int repeat = 2; repeat <= seeds.size(); repeat++) {
                CasePlayer player = RecommendationExperiment.player(playersByRepeat.computeIfAbsent(repeat,
                        players::apply), configuration);
                runs.add(store.run(repeat, configuration, placed, c -> player.play(configuration.method(), c)));
            }
            results.add(RepeatFigures.of(configuration, seeds, runs, highRankLimit, prices));
        }
        return new RepeatRuns(seeds.size(), seeds, results, ranOnce, RAN_ONCE_BECAUSE);
    }
}

package dev.afl.evaluation.recommendation;

import dev.afl.agent.AgentTrace;
import dev.afl.evaluation.EvaluationCase.TargetPosition;
import dev.afl.evaluation.PlannedComparison.Expectation;
import dev.afl.evaluation.PlannedComparison.Identical;
import dev.afl.evaluation.PlannedComparison.SameAs;
import dev.afl.evaluation.PlannedComparison.Unknown;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which recommendation configurations play every case alike by construction, so that comparing them tests
 * nothing. Each configuration is rewritten to the simplest one it equals, rule by rule, and the rules used are the
 * reasons; two configurations with the same rewrite are identical, and two comparisons of the same rewritten
 * pair are the same comparison. The rules:
 *
 * <ul>
 * <li>Offline, the Rec Agent proposes the recommendation model's best candidate: Rec Agent = Base model.</li>
 * <li>Offline, the user without the reward model accepts the first proposal: AFL without the reward model =
 * Rec Agent.</li>
 * <li>Offline, when the recommendation model is the reward model, its best candidate is the reward model's best:
 * the user accepts the first proposal (AFL = Rec Agent), the reward model's re-ranking of its top 5 and the user's
 * judging them in order both keep its first (both rankers = Rec Agent).</li>
 * <li>A scoring model scores each candidate on its own, and the offline agents that follow it read no order:
 * the Base model at any target position, and offline every method that shows the recommendation model, equal the
 * same configuration at a random position. (AFL without the recommendation model reads the candidates in list
 * order, so it has no such identity; nor has anything an LLM plays.)</li>
 * </ul>
 *
 * These identities hold up to ties between scores (the first of tied candidates wins, which moves with the
 * position); {@link dev.afl.evaluation.ComparisonFamily} checks each against the outcomes.
 */
final class ConstructionIdentities {

    /**
     * What the rules need to know of the models, by recommendation model name.
     *
     * @param orderFreeModels models that score every candidate on their own (the ONNX recommenders)
     * @param rewardModels    models that are the reward model itself (the same ONNX file)
     */
    record Models(Set<String> orderFreeModels, Set<String> rewardModels) {
    }

    /** A configuration rewritten to the simplest one it equals, with the reasons of each step. */
    record Rewrite(Configuration configuration, List<String> reasons) {
    }

    private ConstructionIdentities() {
    }

    /**
     * What is known beforehand of each comparison {@code (first, second)}, in order: identical configurations, a
     * repeat of an earlier comparison, or nothing.
     */
    static List<Expectation> expectations(List<Configuration[]> comparisons, Models models) {
        List<Expectation> expectations = new ArrayList<>();
        List<Set<Configuration>> seen = new ArrayList<>();
        for (Configuration[] pair : comparisons) {
            Rewrite first = rewrite(pair[0], models);
            Rewrite second = rewrite(pair[1], models);
            Set<String> reasons = new LinkedHashSet<>(first.reasons());
            reasons.addAll(second.reasons());
            Set<Configuration> key = new HashSet<>(List.of(first.configuration(), second.configuration()));
            int earlier = key.size() == 2 ? seen.indexOf(key) : -1;
            if (key.size() == 1) {
                expectations.add(new Identical(String.join("; ", reasons)));
            } else if (earlier >= 0) {
                expectations.add(new SameAs(earlier, String.join("; ", reasons)));
            } else {
                expectations.add(new Unknown());
            }
            seen.add(key);
        }
        return expectations;
    }

    static Rewrite rewrite(Configuration configuration, Models models) {
        List<String> reasons = new ArrayList<>();
        Configuration current = configuration;
        for (Optional<Rewrite> step = step(current, models); step.isPresent(); step = step(current, models)) {
            current = step.get().configuration();
            reasons.addAll(step.get().reasons());
        }
        return new Rewrite(current, reasons);
    }

    /** One rule applied, or empty when none applies. */
    private static Optional<Rewrite> step(Configuration c, Models models) {
        boolean offline = AgentTrace.OFFLINE.equals(c.agents());
        boolean isReward = models.rewardModels().contains(c.recommendationModel());
        RecommendationMethod method = c.method();
        if (offline && method == RecommendationMethod.REC_AGENT) {
            return to(c, RecommendationMethod.BASE, c.position(),
                    "the offline Rec Agent proposes the recommendation model's best candidate");
        }
        if (offline && method == RecommendationMethod.AFL_WITHOUT_REWARD_MODEL) {
            return to(c, RecommendationMethod.REC_AGENT, c.position(),
                    "without the reward model the offline user accepts the first proposal");
        }
        if (offline && isReward && method == RecommendationMethod.AFL) {
            return to(c, RecommendationMethod.REC_AGENT, c.position(), "the recommendation model is the reward model,"
                    + " whose first proposal the offline user accepts");
        }
        if (offline && isReward && (method == RecommendationMethod.TOP5_BY_SASREC
                || method == RecommendationMethod.TOP5_BY_USER)) {
            return to(c, RecommendationMethod.REC_AGENT, c.position(), "the recommendation model is the reward model,"
                    + " so re-ranking its top 5 by the reward model or the offline user keeps its first");
        }
        String random = RecommendationExperiment.position(TargetPosition.RANDOM);
        boolean readsNoOrder = models.orderFreeModels().contains(c.recommendationModel())
                && (method == RecommendationMethod.BASE || offline && method.showsRecommendationModel());
        if (readsNoOrder && !random.equals(c.position())) {
            return to(c, method, random, "a scoring model, and the offline agents that follow it, do not read the"
                    + " candidates' order");
        }
        return Optional.empty();
    }

    private static Optional<Rewrite> to(Configuration c, RecommendationMethod method, String position, String reason) {
        return Optional.of(new Rewrite(new Configuration(c.dataset(), c.recommendationModel(), method, position,
                c.agents(), c.maxRounds()), List.of(reason)));
    }
}

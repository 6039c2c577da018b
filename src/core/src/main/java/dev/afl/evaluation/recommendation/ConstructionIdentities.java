package dev.afl.evaluation.recommendation;

import dev.afl.AgentTrace;
import dev.afl.agent.simulated.CalibratedNoisyUser;
import dev.afl.agent.simulated.IndependentUser;
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
 * <li>When the recommendation model is the reward model, the baselines beside AFL (the reward model alone, the
 * rank fusion, the re-ranking of the model's top 5) are all its first choice: Base model.</li>
 * <li>Offline, the Rec Agent's top 5 are the recommendation model's, so the paper's "top-5 re-ranked by SASRec" is the
 * baseline "model top-5 re-ranked by the reward model".</li>
 * <li>The independent simulated user never reads the reward model: AFL without the reward model = AFL (and without
 * both models = without the recommendation model).</li>
 * <li>A scoring model scores each candidate on its own, and the offline agents that follow it read no order:
 * the Base model and the baselines at any target position, and with an offline recommendation agent every method
 * that shows the recommendation model (and, where a user judges, whose user reads no order: the offline user or a
 * simulated one), equal the same configuration at a random position. (AFL without the recommendation model reads
 * the candidates in list order, so it has no such identity; nor has anything an LLM plays.)</li>
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
        Agents agents = Agents.of(c.agents());
        boolean isReward = models.rewardModels().contains(c.recommendationModel());
        RecommendationMethod method = c.method();
        if (agents.offlineRecommender() && method == RecommendationMethod.REC_AGENT) {
            return to(c, RecommendationMethod.BASE, c.position(),
                    "the offline Rec Agent proposes the recommendation model's best candidate");
        }
        if (agents.offline() && method == RecommendationMethod.AFL_WITHOUT_REWARD_MODEL) {
            return to(c, RecommendationMethod.REC_AGENT, c.position(),
                    "without the reward model the offline user accepts the first proposal");
        }
        if (agents.independentUser() && !method.showsRewardModel()) {
            return to(c, method == RecommendationMethod.AFL_WITHOUT_BOTH ? RecommendationMethod.AFL_WITHOUT_REC_MODEL
                    : RecommendationMethod.AFL, c.position(), "the independent user never reads the reward model");
        }
        if (agents.offline() && isReward && method == RecommendationMethod.AFL) {
            return to(c, RecommendationMethod.REC_AGENT, c.position(), "the recommendation model is the reward model,"
                    + " whose first proposal the offline user accepts");
        }
        if (isReward && (agents.offlineRecommender() && method == RecommendationMethod.TOP5_BY_SASREC
                || agents.offline() && method == RecommendationMethod.TOP5_BY_USER)) {
            return to(c, RecommendationMethod.REC_AGENT, c.position(), "the recommendation model is the reward model,"
                    + " so re-ranking its top 5 by the reward model or the offline user keeps its first");
        }
        if (isReward && method.isBaseline() && method != RecommendationMethod.BASE) {
            return to(c, RecommendationMethod.BASE, c.position(), "the recommendation model is the reward model, so"
                    + " the reward model alone, the fusion of its ranking with itself and the re-ranking of its own top 5"
                    + " are all its first choice");
        }
        if (agents.offlineRecommender() && method == RecommendationMethod.TOP5_BY_SASREC) {
            return to(c, RecommendationMethod.MODEL_TOP5_BY_REWARD, c.position(), "the offline Rec Agent's top 5 are"
                    + " the recommendation model's top 5");
        }
        String random = RecommendationExperiment.position(TargetPosition.RANDOM);
        boolean followsTheModel = agents.offlineRecommender() && method.showsRecommendationModel()
                && (!method.usesUserAgent() || agents.orderFreeUser());
        boolean readsNoOrder = models.orderFreeModels().contains(c.recommendationModel())
                && (method.isBaseline() || method == RecommendationMethod.BASE || followsTheModel);
        if (readsNoOrder && !random.equals(c.position())) {
            return to(c, method, random, "a scoring model, and the offline agents that follow it, do not read the"
                    + " candidates' order");
        }
        return Optional.empty();
    }

    /**
     * The kinds of a configuration's two agents, from its agents label: {@code offline} or {@code llm} for both, or
     * the recommendation agent's kind and the user's ({@code offline+calibrated-eps0.10-seed7}, see
     * {@code AgentFactory#agentsLabel}).
     */
    record Agents(String recommender, String user) {

        static Agents of(String label) {
            String value = label == null ? "" : label;
            int plus = value.indexOf('+');
            return plus < 0 ? new Agents(value, value) : new Agents(value.substring(0, plus), value.substring(plus + 1));
        }

        boolean offlineRecommender() {
            return AgentTrace.OFFLINE.equals(recommender);
        }

        /** Both agents offline: the offline user is the reward model's verdict. */
        boolean offline() {
            return offlineRecommender() && AgentTrace.OFFLINE.equals(user);
        }

        boolean independentUser() {
            return user.startsWith(IndependentUser.KIND);
        }

        /** A user that reads no candidate order: the offline user and the simulated ones (their draws see a set). */
        boolean orderFreeUser() {
            return AgentTrace.OFFLINE.equals(user) || user.startsWith(CalibratedNoisyUser.KIND) || independentUser();
        }
    }

    private static Optional<Rewrite> to(Configuration c, RecommendationMethod method, String position, String reason) {
        return Optional.of(new Rewrite(new Configuration(c.dataset(), c.recommendationModel(), method, position,
                c.agents(), c.maxRounds()), List.of(reason)));
    }
}

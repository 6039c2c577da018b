package dev.afl.evaluation.recommendation;

import java.util.Arrays;
import java.util.List;

/**
 * The recommendation configurations of the paper's Tables 4, 6 and 7: how the final item of a case is chosen.
 *
 * @param usesLoop whether the method runs the feedback loop (and so has a rounds curve and an audit)
 */
public enum RecommendationMethod {
    BASE("base", "Base model", false),
    REC_AGENT("rec-agent", "Rec Agent (1 round, no user agent)", false),
    AFL("afl", "AFL", true),
    TOP5_BY_SASREC("top5-by-sasrec", "Rec Agent top-5 re-ranked by SASRec", false),
    TOP5_BY_USER("top5-by-user", "Rec Agent top-5 re-ranked by the user agent", false),
    AFL_WITHOUT_REC_MODEL("afl-no-rec-model", "AFL without the recommendation model", true),
    AFL_WITHOUT_REWARD_MODEL("afl-no-reward-model", "AFL without the reward model", true),
    AFL_WITHOUT_BOTH("afl-no-models", "AFL without either model", true),
    /** A baseline beside AFL: the reward model's best candidate (no agent, no loop). */
    REWARD_MODEL("reward-model", "Reward model alone", false),
    /** A baseline beside AFL: reciprocal-rank fusion of the recommendation and reward models' rankings. */
    RANK_FUSION("rank-fusion", "Rank fusion of both models (RRF, k = 60)", false),
    /** A baseline beside AFL: the recommendation model's top 5 (not an agent's), the reward model's best of them. */
    MODEL_TOP5_BY_REWARD("model-top5-by-reward", "Model top-5 re-ranked by the reward model", false);

    private final String id;
    private final String label;
    private final boolean usesLoop;

    RecommendationMethod(String id, String label, boolean usesLoop) {
        this.id = id;
        this.label = label;
        this.usesLoop = usesLoop;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public boolean usesLoop() {
        return usesLoop;
    }

    /** Whether the agents see the recommendation model's suggestion. */
    public boolean showsRecommendationModel() {
        return this != AFL_WITHOUT_REC_MODEL && this != AFL_WITHOUT_BOTH;
    }

    /** Whether the user agent sees the reward model's score. */
    public boolean showsRewardModel() {
        return this != AFL_WITHOUT_REWARD_MODEL && this != AFL_WITHOUT_BOTH;
    }

    /** Whether the method is one of the baselines beside AFL: the two models alone or combined, no agent. */
    public boolean isBaseline() {
        return BASELINES.contains(this);
    }

    /** Whether the recommendation agent takes part: every method but the base model and the baselines. */
    public boolean usesRecommendationAgent() {
        return this != BASE && !isBaseline();
    }

    /** Whether the user agent takes part (so how it reads the task matters). */
    public boolean usesUserAgent() {
        return usesLoop || this == TOP5_BY_USER;
    }

    public static RecommendationMethod byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown method '" + id + "'; known: "
                        + Arrays.stream(values()).map(RecommendationMethod::id).toList() + "."));
    }

    public static final List<RecommendationMethod> ALL = List.of(values());

    /**
     * The baselines every AFL row is compared with, in the order a tie between them on the validation split is
     * broken (the simplest first).
     */
    public static final List<RecommendationMethod> BASELINES = List.of(REWARD_MODEL, RANK_FUSION, MODEL_TOP5_BY_REWARD);

    /** The methods of the paper's tables (Tables 4, 6, 7): every method but the baselines. */
    public static final List<RecommendationMethod> PAPER = java.util.Arrays.stream(values())
            .filter(method -> !BASELINES.contains(method)).toList();
}

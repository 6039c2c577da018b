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
    AFL_WITHOUT_BOTH("afl-no-models", "AFL without either model", true);

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

    public static RecommendationMethod byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown method '" + id + "'; known: "
                        + Arrays.stream(values()).map(RecommendationMethod::id).toList() + "."));
    }

    public static final List<RecommendationMethod> ALL = List.of(values());
}

package dev.afl.agent;

/** The paper's f_u: role-plays the user and accepts or rejects a proposal with a reason. */
public interface UserAgent {

    Judgement judge(JudgementTask task);

    /** The user-simulation judgement of one item: accepted means "I would like it". */
    Judgement rate(RatingTask task);

    /**
     * Whether this agent judges with the recommendation model's top-1 in its task ({@link JudgementTask#modelTop()}):
     * the loop computes it for the judge step only then.
     */
    default boolean seesRecommendationModel() {
        return false;
    }

    /** {@code llm} or {@code offline}, shown in every output. */
    String kind();
}

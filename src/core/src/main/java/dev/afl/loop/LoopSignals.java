package dev.afl.loop;

/**
 * Which model signals the agents see: the recommendation model's suggestion (to the recommendation agent) and
 * the reward model's score (to the user agent). Both on is AFL; turning them off gives the paper's ablations
 * (Table 7). The reward model still scores every proposal, so a session's record and the disagreement audit
 * stay complete; only the user agent's view changes.
 */
public record LoopSignals(boolean recommendationModel, boolean rewardModel) {

    public static final LoopSignals ALL = new LoopSignals(true, true);
}

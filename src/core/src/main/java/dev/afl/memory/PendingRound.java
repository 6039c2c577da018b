package dev.afl.memory;

import dev.afl.AgentTrace;
import java.util.List;

/**
 * The round in progress, between the serverless steps: the proposal (recommend step), then the reward
 * (reward step); the judge step completes it into a {@link RoundRecord}.
 *
 * @param rewardScores the reward of every candidate, in candidate order; null until the reward step
 */
public record PendingRound(int round, String itemId, String itemTitle, String recommendationReason,
        AgentTrace recommender, Float rewardScore, Integer rewardRank, List<Float> rewardScores) {

    public boolean rewarded() {
        return rewardScore != null;
    }

    public PendingRound withReward(float score, int rank, List<Float> scores) {
        return new PendingRound(round, itemId, itemTitle, recommendationReason, recommender, score, rank,
                List.copyOf(scores));
    }
}

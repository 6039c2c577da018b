package dev.afl.memory;

import dev.afl.AgentTrace;

/**
 * One round of a session as stored: the proposal, the reward model's view of it, the user's decision, and how
 * each agent got there (fallbacks, tokens, latency, model ids).
 *
 * @param rewardRank 1-based rank of the proposal among the candidates by reward
 */
public record RoundRecord(int round, String itemId, String itemTitle, String recommendationReason, float rewardScore,
        int rewardRank, boolean accepted, String userReason, AgentTrace recommender, AgentTrace user) {
}

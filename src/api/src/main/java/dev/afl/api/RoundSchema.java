package dev.afl.api;

import dev.afl.AgentTrace;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documentation of {@link dev.afl.session.RoundView}, one round of the transcript as the API answers it (see
 * {@link SessionSchema} for why it is described apart).
 */
@Schema(name = "Round", description = "One round: the recommendation agent's proposal and reason, the reward model's"
        + " score and rank of it among the candidates, and the user agent's decision and reason.")
public record RoundSchema(
        @Schema(description = "The round's number, from 1.", examples = "1") int round,
        @Schema(description = "The proposed candidate.") ApiItem item,
        @Schema(description = "Why the recommendation agent proposed it.",
                examples = "The recommendation model ranks Enigma first among the candidates not yet rejected.")
        String recommendationReason,
        @Schema(description = "The reward model's score of the proposal for this user.", examples = "3.21")
        float rewardScore,
        @Schema(description = "The proposal's rank among the candidates by reward (1 = best).", examples = "2")
        int rewardRank,
        @Schema(description = "Whether the user agent accepted the proposal (the loop stops when it does).")
        boolean accepted,
        @Schema(description = "Why the user agent accepted or rejected it.",
                examples = "The reward model ranks it 2nd of 20; I would rather have Morcheeba, Air or Zero 7.")
        String userReason,
        @Schema(description = "How the recommendation agent answered (offline policy or LLM, fallback, tokens,"
                + " latency).")
        AgentTrace recommender,
        @Schema(description = "How the user agent answered.") AgentTrace user) {
}

package dev.afl.loop;

import dev.afl.AgentTrace;
import dev.afl.agent.RecommendationTask;

/**
 * What the recommendation agent is given in a round, and what it cost to prepare.
 *
 * @param task      the candidates, the recommendation model's ranking and suggestion, and the memory
 * @param modelCall the LLM exchange the recommendation model made to rank the candidates for this task (the
 *                  {@code llm} model, the first time a session asks), or null when the scores were computed or
 *                  remembered; its calls and tokens belong to the round
 */
public record RecommendationInput(RecommendationTask task, AgentTrace modelCall) {
}

package dev.afl.cli.estimate;

import dev.afl.agent.UserAgent;

/**
 * Which agents of a run are the LLM's, and with what: what a rehearsal needs to stand in for them.
 *
 * @param recommenderIsLlm whether the recommendation agent is the LLM's
 * @param userIsLlm        whether the user agent is the LLM's
 * @param recommenderModel the recommender LLM's model id (also the {@code llm} recommendation model's)
 * @param userModel        the user LLM's model id
 * @param decisions        the user whose decisions the rehearsal follows: the offline user standing in for the LLM
 *                         user, or the run's own offline or simulated user
 * @param replies          the assumed reply sizes
 */
public record EstimateAgents(boolean recommenderIsLlm, boolean userIsLlm, String recommenderModel, String userModel,
        UserAgent decisions, ReplySizes replies) {
}

package dev.afl;

/**
 * How an agent reached its answer, recorded with every round.
 *
 * @param kind           {@code llm} or {@code offline}
 * @param model          the LLM's model id, or the policy's name for offline agents
 * @param promptSet      the prompt set the LLM was asked with ({@code paper}, {@code reference-code},
 *                       {@code extended}); null for offline agents, which read no prompt
 * @param attempts       LLM calls made (1 plus re-asks); 0 for offline agents
 * @param fallback       whether the answer is the named fallback rather than the agent's own
 * @param fallbackReason what the fallback was and why it was taken, or null: a diagnostic for people reading the
 *                       trace, kept out of the agents' reasons, their memories and the other agent's prompt
 */
public record AgentTrace(String kind, String model, String promptSet, int attempts, boolean fallback,
        String fallbackReason, long inputTokens, long outputTokens, long latencyMillis) {

    public static final String LLM = "llm";
    public static final String OFFLINE = "offline";

    public static AgentTrace offline(String policy) {
        return new AgentTrace(OFFLINE, policy, null, 0, false, null, 0, 0, 0);
    }

    /** This trace with the fallback's diagnostic replaced (what the agent fell back to, and why). */
    public AgentTrace withFallbackReason(String reason) {
        return new AgentTrace(kind, model, promptSet, attempts, fallback, reason, inputTokens, outputTokens,
                latencyMillis);
    }

    /**
     * This trace with another exchange's calls, tokens and time added: how a round accounts for the LLM call its
     * recommendation model made (the {@code llm} model) beside the agent's own, so that budgets and cost ledgers
     * see every token. Kind, model, prompt set and fallback stay this trace's; null adds nothing.
     */
    public AgentTrace plusCalls(AgentTrace other) {
        if (other == null) {
            return this;
        }
        return new AgentTrace(kind, model, promptSet, attempts + other.attempts(), fallback, fallbackReason,
                inputTokens + other.inputTokens(), outputTokens + other.outputTokens(),
                latencyMillis + other.latencyMillis());
    }
}

package dev.afl.agent;

/**
 * How an agent reached its answer, recorded with every round.
 *
 * @param kind           {@code llm} or {@code offline}
 * @param model          the LLM's model id, or the policy's name for offline agents
 * @param attempts       LLM calls made (1 plus re-asks); 0 for offline agents
 * @param fallback       whether the answer is the named fallback rather than the agent's own
 * @param fallbackReason why the fallback was taken, or null
 */
public record AgentTrace(String kind, String model, int attempts, boolean fallback, String fallbackReason,
        long inputTokens, long outputTokens, long latencyMillis) {

    public static final String LLM = "llm";
    public static final String OFFLINE = "offline";

    public static AgentTrace offline(String policy) {
        return new AgentTrace(OFFLINE, policy, 0, false, null, 0, 0, 0);
    }

    /**
     * This trace with another exchange's calls, tokens and time added: how a round accounts for the LLM call its
     * recommendation model made (the {@code llm} model) beside the agent's own, so that budgets and cost ledgers
     * see every token. Kind, model and fallback stay this trace's; null adds nothing.
     */
    public AgentTrace plusCalls(AgentTrace other) {
        if (other == null) {
            return this;
        }
        return new AgentTrace(kind, model, attempts + other.attempts(), fallback, fallbackReason,
                inputTokens + other.inputTokens(), outputTokens + other.outputTokens(),
                latencyMillis + other.latencyMillis());
    }
}

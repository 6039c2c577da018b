package dev.afl.evaluation;

import dev.afl.AgentTrace;

/** LLM use of one case or configuration: calls (including re-asks) and tokens. */
public record Usage(long llmCalls, long inputTokens, long outputTokens) {

    public static final Usage NONE = new Usage(0, 0, 0);

    public static Usage of(AgentTrace trace) {
        return trace == null ? NONE : new Usage(trace.attempts(), trace.inputTokens(), trace.outputTokens());
    }

    /** Both agents' use over the played rounds of a session. */
    public static Usage ofRounds(java.util.List<dev.afl.memory.RoundRecord> rounds) {
        Usage total = NONE;
        for (dev.afl.memory.RoundRecord round : rounds) {
            total = total.plus(of(round.recommender())).plus(of(round.user()));
        }
        return total;
    }

    public Usage plus(Usage other) {
        return new Usage(llmCalls + other.llmCalls, inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}

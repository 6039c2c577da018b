package dev.afl.evaluation;

import dev.afl.agent.AgentTrace;

/** LLM use of one case or configuration: calls (including re-asks) and tokens. */
public record Usage(long llmCalls, long inputTokens, long outputTokens) {

    public static final Usage NONE = new Usage(0, 0, 0);

    public static Usage of(AgentTrace trace) {
        return trace == null ? NONE : new Usage(trace.attempts(), trace.inputTokens(), trace.outputTokens());
    }

    public Usage plus(Usage other) {
        return new Usage(llmCalls + other.llmCalls, inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}

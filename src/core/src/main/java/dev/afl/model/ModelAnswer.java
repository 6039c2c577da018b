package dev.afl.model;

import dev.afl.AgentTrace;

/**
 * A model's scores for one request, with how they were obtained.
 *
 * @param scores one per candidate, in candidate order (higher is better; comparable within the answer only)
 * @param trace  the LLM exchange behind the scores (calls, tokens, whether it fell back), or null for a model that
 *               computes its scores (ONNX, remote)
 */
public record ModelAnswer(float[] scores, AgentTrace trace) {

    /** Whether the scores are the model's own answer rather than a fallback. */
    public boolean ownAnswer() {
        return trace == null || !trace.fallback();
    }
}

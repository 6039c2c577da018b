package dev.afl.loop;

import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.UserAgent;
import dev.afl.memory.MemoryStore;

/**
 * What a feedback loop is made of besides its memory: the models it asks for a dataset and the two agents. The one
 * place a {@link FeedbackLoop} is assembled, for the CLI, the API, the functions and the experiments alike; which
 * parts the configuration picks is decided once, in {@code dev.afl.app.LoopAssembly}.
 */
public record LoopParts(LoopModels models, RecommendationAgent recommendationAgent, UserAgent userAgent) {

    /** The loop over the given memory, its agents seeing both models' signals. */
    public FeedbackLoop loop(MemoryStore store) {
        return loop(store, LoopSignals.ALL);
    }

    /** The loop over the given memory, its agents seeing only the given signals (the ablations). */
    public FeedbackLoop loop(MemoryStore store, LoopSignals signals) {
        return new FeedbackLoop(models, recommendationAgent, userAgent, store, signals);
    }
}

package dev.afl.loop;

import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.UserAgent;
import dev.afl.memory.MemoryStore;
import java.util.Objects;

/**
 * What a feedback loop is made of besides its memory: the models it asks for a dataset, the two agents, and who is
 * told about each step it plays ({@link StepObserver#NONE} unless {@link #observedBy} names one). The one place a
 * {@link FeedbackLoop} is assembled, for the CLI, the API, the functions and the experiments alike; which parts the
 * configuration picks is decided once, in {@code dev.afl.app.LoopAssembly}.
 */
public record LoopParts(LoopModels models, RecommendationAgent recommendationAgent, UserAgent userAgent,
        StepObserver observer) {

    public LoopParts {
        Objects.requireNonNull(observer, "observer");
    }

    /** The parts, with nobody told about the steps. */
    public LoopParts(LoopModels models, RecommendationAgent recommendationAgent, UserAgent userAgent) {
        this(models, recommendationAgent, userAgent, StepObserver.NONE);
    }

    /** The same parts, their loops telling {@code stepObserver} about each step they play. */
    public LoopParts observedBy(StepObserver stepObserver) {
        return new LoopParts(models, recommendationAgent, userAgent, stepObserver);
    }

    /** The loop over the given memory, its agents seeing both models' signals. */
    public FeedbackLoop loop(MemoryStore store) {
        return loop(store, LoopSignals.ALL);
    }

    /** The loop over the given memory, its agents seeing only the given signals (the ablations). */
    public FeedbackLoop loop(MemoryStore store, LoopSignals signals) {
        return new FeedbackLoop(models, recommendationAgent, userAgent, store, signals, observer);
    }
}

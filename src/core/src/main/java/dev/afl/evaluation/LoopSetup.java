package dev.afl.evaluation;

import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.UserAgent;
import dev.afl.catalog.ItemCatalog;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.LoopParts;
import dev.afl.loop.LoopSignals;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;

/**
 * What an experiment plays its cases with: the dataset's catalog, the two models, the two agents and the round
 * limit. It builds the loop and the requests the same way for every experiment family.
 */
public record LoopSetup(String dataset, ItemCatalog catalog, RecommendationModel recommendationModel,
        RewardModel reward, RecommendationAgent recommendationAgent, UserAgent userAgent, int maxRounds) {

    /** A loop with its own in-memory store: sessions of different cases never meet, nothing accumulates. */
    public FeedbackLoop loop(LoopSignals signals) {
        return new LoopParts(LoopModels.of(dataset, recommendationModel, reward), recommendationAgent, userAgent)
                .loop(new InMemoryMemoryStore(), signals);
    }

    /** The refinement request of a protocol case, its items resolved through the catalog. */
    public RefinementRequest request(String sessionId, EvaluationCase c, int rounds) {
        return new RefinementRequest(sessionId, dataset, items(c.history()), items(c.candidates()), rounds);
    }

    /** Item ids as the catalog's items (id and title). */
    public java.util.List<dev.afl.catalog.Item> items(java.util.List<String> ids) {
        return ids.stream().map(catalog::require).toList();
    }
}

package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What the recommendation agent sees in one round.
 *
 * @param modelSuggestion the recommendation model's best candidate that has not been rejected yet, or null when
 *                        the agent works without the model (an ablation)
 * @param modelRanking    all candidates ranked by the recommendation model, best first (the candidate order
 *                        when there is no model)
 * @param memory          the rounds rejected so far in this session, oldest first
 */
public record RecommendationTask(Domain domain, int round, List<Item> history, List<Item> candidates,
        Item modelSuggestion, List<Item> modelRanking, List<MemoryEntry> memory) {

    public RecommendationTask {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        modelRanking = List.copyOf(modelRanking);
        memory = List.copyOf(memory);
    }

    /** Whether the recommendation model's suggestion is part of the task. */
    public boolean hasModel() {
        return modelSuggestion != null;
    }

    /** The first candidate of the model ranking (or the list) the user has not rejected yet. */
    public Item firstOpen() {
        return modelRanking.stream().filter(item -> !rejected(item.id())).findFirst().orElse(modelRanking.getFirst());
    }

    public boolean rejected(String itemId) {
        return memory.stream().anyMatch(entry -> entry.itemId().equals(itemId));
    }
}

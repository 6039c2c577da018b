package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What the recommendation agent sees in one round.
 *
 * @param modelSuggestion the recommendation model's best candidate that has not been rejected yet
 * @param modelRanking    all candidates ranked by the recommendation model, best first
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

    public boolean rejected(String itemId) {
        return memory.stream().anyMatch(entry -> entry.itemId().equals(itemId));
    }
}

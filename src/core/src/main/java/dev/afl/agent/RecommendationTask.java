package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What the recommendation agent sees in one round.
 *
 * @param modelTop     the recommendation model's top-1 candidate for the history: the paper's {@code I_m}
 *                     (Algorithm 1, line 3), computed once and the same in every round of a session; null when the
 *                     agent works without the model (an ablation)
 * @param modelRanking all candidates ranked by the recommendation model, best first (the candidate order when there
 *                     is no model)
 * @param memory       the rounds rejected so far in this session, oldest first
 */
public record RecommendationTask(Domain domain, int round, List<Item> history, List<Item> candidates,
        Item modelTop, List<Item> modelRanking, List<MemoryEntry> memory) {

    public RecommendationTask {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        modelRanking = List.copyOf(modelRanking);
        memory = List.copyOf(memory);
        if (modelTop != null && !modelRanking.getFirst().equals(modelTop)) {
            throw new IllegalArgumentException("the model's top-1 '" + modelTop.id() + "' is not the first of its"
                    + " ranking ('" + modelRanking.getFirst().id() + "')");
        }
    }

    /** Whether the recommendation model is part of the task. */
    public boolean hasModel() {
        return modelTop != null;
    }

    /**
     * The recommendation model's best candidate the user has not rejected yet (its top-1 while nothing is rejected),
     * or null without the model: what the fallbacks and the offline agent propose, never a repeat of a rejection
     * while an unrejected candidate is left.
     */
    public Item modelBestNotRejected() {
        return hasModel() ? firstOpen() : null;
    }

    /** The first candidate of the model ranking (or the list) the user has not rejected yet. */
    public Item firstOpen() {
        return openRanking().getFirst();
    }

    /**
     * The model ranking (or the list) without the candidates the user rejected, best first; the whole ranking once
     * every candidate was rejected.
     */
    public List<Item> openRanking() {
        List<Item> open = modelRanking.stream().filter(item -> !rejected(item.id())).toList();
        return open.isEmpty() ? modelRanking : open;
    }

    public boolean rejected(String itemId) {
        return memory.stream().anyMatch(entry -> entry.itemId().equals(itemId));
    }
}

package dev.afl.model;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * One user's history (oldest first) and candidates as items, stable id and title: what a model that reads titles
 * (the LLM-only model) needs, and what the loop and the evaluation hold anyway.
 */
public record TitledRequest(List<Item> history, List<Item> candidates) {

    public TitledRequest {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
    }

    /** The same request by stable ids, for models that score ids. */
    public ScoringRequest ids() {
        return new ScoringRequest(history.stream().map(Item::id).toList(), candidates.stream().map(Item::id).toList());
    }
}

package dev.afl.memory;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What a refinement session was asked: the user's history and the candidates (with their titles, so any
 * function can render prompts without a catalog), the round limit, and the models used, so a stored session
 * can be resumed or audited.
 */
public record SessionRequest(String dataset, List<Item> history, List<Item> candidates, int maxRounds,
        String recommendationModel, String rewardModel, dev.afl.memory.Budget budget) {

    public SessionRequest {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        budget = budget == null ? dev.afl.memory.Budget.NONE : budget;
    }

    /** A request without a budget (only the round limit). */
    public SessionRequest(String dataset, List<Item> history, List<Item> candidates, int maxRounds,
            String recommendationModel, String rewardModel) {
        this(dataset, history, candidates, maxRounds, recommendationModel, rewardModel, null);
    }
}

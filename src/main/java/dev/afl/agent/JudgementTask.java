package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What the user agent sees in one round: its history, the candidates, the proposal, the reward, its memory.
 *
 * @param reward the reward model's view of the proposal, or null when the user agent works without it (an ablation)
 */
public record JudgementTask(Domain domain, int round, List<Item> history, List<Item> candidates, Item proposed,
        String recommendationReason, RewardSignal reward, List<MemoryEntry> memory) {

    public JudgementTask {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        memory = List.copyOf(memory);
    }

    public boolean hasReward() {
        return reward != null;
    }
}

package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/** What the user agent sees in one round: its history, the candidates, the proposal, the reward, its memory. */
public record JudgementTask(Domain domain, int round, List<Item> history, List<Item> candidates, Item proposed,
        String recommendationReason, RewardSignal reward, List<MemoryEntry> memory) {

    public JudgementTask {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        memory = List.copyOf(memory);
    }
}

package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What the user agent sees in one round: its history, the candidates, the proposal, the reward, its memory.
 *
 * @param reward  the reward model's view of the proposal, or null when the user agent works without it (an ablation)
 * @param dataset the dataset whose user is simulated ({@code lastfm}), or null where the task was built without one:
 *                the simulated users ({@code dev.afl.agent.simulated}) need it to find their dataset's calibration
 *                and model; the offline and LLM agents read only the domain
 */
public record JudgementTask(Domain domain, int round, List<Item> history, List<Item> candidates, Item proposed,
        String recommendationReason, RewardSignal reward, List<MemoryEntry> memory, String dataset) {

    public JudgementTask {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        memory = List.copyOf(memory);
    }

    /** A task that does not name its dataset (enough for the offline and LLM user agents). */
    public JudgementTask(Domain domain, int round, List<Item> history, List<Item> candidates, Item proposed,
            String recommendationReason, RewardSignal reward, List<MemoryEntry> memory) {
        this(domain, round, history, candidates, proposed, recommendationReason, reward, memory, null);
    }

    public boolean hasReward() {
        return reward != null;
    }
}

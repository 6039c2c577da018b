package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * What the user agent sees in one round: its history, the candidates, the proposal, the reward, its memory.
 *
 * @param reward   the reward model's view of the proposal, or null when the user agent works without it (an ablation)
 * @param modelTop the recommendation model's top-1 candidate ({@code I_m}), given only to a user agent that asks for
 *                 it ({@link UserAgent#seesRecommendationModel()}: the released code's user agent does), else null
 * @param dataset  the dataset whose user is simulated ({@code lastfm}), or null where the task was built without one:
 *                 the simulated users ({@code dev.afl.agent.simulated}) need it to find their dataset's calibration
 *                 and model; the offline and LLM agents read only the domain
 */
public record JudgementTask(Domain domain, int round, List<Item> history, List<Item> candidates, Item proposed,
        String recommendationReason, RewardSignal reward, List<MemoryEntry> memory, Item modelTop, String dataset) {

    public JudgementTask {
        history = List.copyOf(history);
        candidates = List.copyOf(candidates);
        memory = List.copyOf(memory);
    }

    /**
     * A task without the recommendation model's answer (what every user agent but the released code's sees) that does
     * not name its dataset (enough for the offline and LLM user agents).
     */
    public JudgementTask(Domain domain, int round, List<Item> history, List<Item> candidates, Item proposed,
            String recommendationReason, RewardSignal reward, List<MemoryEntry> memory) {
        this(domain, round, history, candidates, proposed, recommendationReason, reward, memory, null, null);
    }

    public boolean hasReward() {
        return reward != null;
    }

    /**
     * The candidates the reward model ranks highest, best first, at most {@code size} (ties in candidate order);
     * empty without the reward model.
     */
    public List<Item> rewardTop(int size) {
        if (!hasReward()) {
            return List.of();
        }
        List<Float> scores = reward.candidateScores();
        return java.util.stream.IntStream.range(0, candidates.size()).boxed()
                .sorted(java.util.Comparator.comparing((Integer i) -> scores.get(i)).reversed().thenComparing(i -> i))
                .limit(size).map(candidates::get).toList();
    }
}

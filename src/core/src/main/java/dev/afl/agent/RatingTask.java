package dev.afl.agent;

import dev.afl.catalog.Item;
import java.util.List;

/**
 * The user-simulation task (the paper's Table 5): would this user like one item? The user agent sees its
 * history, the reward model's score of the item and the score at which the reward model itself says "like",
 * and, after a feedback loop, its memory of that session and the candidates that loop chose from.
 *
 * @param likeThreshold  the reward score at or above which the reward model counts an item as liked
 * @param loopCandidates the candidates of the feedback loop the memory comes from (empty without a loop)
 * @param dataset        the dataset whose user is simulated, or null where the task was built without one (see
 *                       {@link JudgementTask#dataset()})
 */
public record RatingTask(Domain domain, List<Item> history, Item item, float rewardScore, float likeThreshold,
        List<MemoryEntry> memory, List<Item> loopCandidates, String dataset) {

    public RatingTask {
        history = List.copyOf(history);
        memory = List.copyOf(memory);
        loopCandidates = List.copyOf(loopCandidates);
        if (!memory.isEmpty() && loopCandidates.isEmpty()) {
            // The prompts that show a memory show the candidates it was about: a memory comes with its loop's.
            throw new IllegalArgumentException("a memory of a loop needs that loop's candidates");
        }
    }

    /** A task without a loop (no memory, no candidates). */
    public RatingTask(Domain domain, List<Item> history, Item item, float rewardScore, float likeThreshold) {
        this(domain, history, item, rewardScore, likeThreshold, List.of(), List.of(), null);
    }

    /** A task that does not name its dataset (enough for the offline and LLM user agents). */
    public RatingTask(Domain domain, List<Item> history, Item item, float rewardScore, float likeThreshold,
            List<MemoryEntry> memory, List<Item> loopCandidates) {
        this(domain, history, item, rewardScore, likeThreshold, memory, loopCandidates, null);
    }

    /** The reward model's own answer. */
    public boolean rewardSaysLike() {
        return rewardScore >= likeThreshold;
    }
}

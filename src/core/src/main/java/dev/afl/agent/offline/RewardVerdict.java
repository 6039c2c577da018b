package dev.afl.agent.offline;

import dev.afl.agent.JudgementTask;
import dev.afl.agent.ItemLabels;
import dev.afl.agent.RatingTask;
import dev.afl.catalog.Item;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The reward model's own verdict: accept when the proposed item ranks within the top {@code k} candidates by
 * reward. The offline user agent decides with it, and the LLM user agent falls back to it, so the rule
 * lives here once.
 */
public record RewardVerdict(int acceptTopK, int preferredShown) {

    /** The reason of a user agent that has no reward model to judge by and lets the recommendation stand. */
    public static final String WITHOUT_REWARD = "Without a reward model I have no signal against this recommendation.";

    public RewardVerdict {
        if (acceptTopK < 1) {
            throw new IllegalArgumentException("acceptTopK must be at least 1, got " + acceptTopK);
        }
    }

    public boolean accepts(JudgementTask task) {
        return task.reward().rank() <= acceptTopK;
    }

    /** The candidates the reward model ranks highest, other than the proposed one. */
    public List<Item> preferred(JudgementTask task) {
        List<Float> scores = task.reward().candidateScores();
        List<Integer> order = new ArrayList<>(IntStream.range(0, task.candidates().size()).boxed().toList());
        order.sort(Comparator.comparing((Integer i) -> scores.get(i)).reversed());
        return order.stream().map(task.candidates()::get)
                .filter(item -> !item.id().equals(task.proposed().id())).limit(preferredShown).toList();
    }

    /** The reward model's own user-simulation answer, as a reason: its score against its like threshold. */
    public static String ratingReason(RatingTask task) {
        return String.format(java.util.Locale.ROOT, "The reward model scores it %.3f, %s the like threshold %.3f.",
                task.rewardScore(), task.rewardSaysLike() ? "at or above" : "below", task.likeThreshold());
    }

    /** A reason that states the verdict and names the preferred candidates by their exact labels. */
    public String reason(JudgementTask task) {
        String item = ItemLabels.of(task.proposed());
        if (accepts(task)) {
            return "\"" + item + "\" ranks " + task.reward().rank() + " of " + task.reward().candidateCount()
                    + " candidates for my taste, within my top " + acceptTopK + ".";
        }
        List<String> names = preferred(task).stream().map(i -> "\"" + ItemLabels.of(i) + "\"").toList();
        return "\"" + item + "\" ranks only " + task.reward().rank() + " of " + task.reward().candidateCount()
                + " candidates for my taste. I would rather have " + String.join(", ", names) + ".";
    }
}

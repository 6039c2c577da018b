package dev.afl.evaluation.usersim;

import dev.afl.evaluation.Usage;
import java.util.List;

/**
 * One user's judgements under one method: what was predicted and what the user actually did, per item.
 *
 * @param predictedLikeByRound for AFL, the predictions of the user agent after r rounds of the loop (index r-1, its
 *                             memory the rejected rounds up to r), the last being {@code predictedLike}; empty for the
 *                             methods without a loop (and in results written before it was kept)
 */
public record RatingOutcome(String user, long seed, List<Boolean> predictedLike, List<Boolean> liked, Usage usage,
        List<List<Boolean>> predictedLikeByRound) {

    public RatingOutcome {
        predictedLike = List.copyOf(predictedLike);
        liked = List.copyOf(liked);
        predictedLikeByRound = predictedLikeByRound == null ? List.of()
                : predictedLikeByRound.stream().map(List::copyOf).toList();
    }

    /** The outcome of a method without a loop. */
    public RatingOutcome(String user, long seed, List<Boolean> predictedLike, List<Boolean> liked, Usage usage) {
        this(user, seed, predictedLike, liked, usage, List.of());
    }
}

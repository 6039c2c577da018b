package dev.afl.evaluation.usersim;

import dev.afl.evaluation.Usage;
import java.util.List;

/** One user's judgements under one method: what was predicted and what the user actually did, per item. */
public record RatingOutcome(String user, long seed, List<Boolean> predictedLike, List<Boolean> liked, Usage usage) {

    public RatingOutcome {
        predictedLike = List.copyOf(predictedLike);
        liked = List.copyOf(liked);
    }
}

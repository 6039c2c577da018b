package dev.afl.session;

import dev.afl.AgentTrace;
import dev.afl.memory.RoundRecord;

/** One round of the transcript, as a caller is shown it. */
public record RoundView(int round, ItemView item, String recommendationReason, float rewardScore, int rewardRank,
        boolean accepted, String userReason, AgentTrace recommender, AgentTrace user) {

    public static RoundView of(RoundRecord round) {
        return new RoundView(round.round(), new ItemView(round.itemId(), round.itemTitle()),
                round.recommendationReason(), round.rewardScore(), round.rewardRank(), round.accepted(),
                round.userReason(), round.recommender(), round.user());
    }
}

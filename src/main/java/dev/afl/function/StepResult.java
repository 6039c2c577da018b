package dev.afl.function;

import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;

/**
 * What a step returns to the state machine: small, enough for the Choice state ("Did the user accept?") and
 * for a caller to follow the session.
 *
 * @param accepted null until the round's judgement
 * @param stop     whether the loop is over after this step: ended, accepted, the round limit or a budget limit
 *                 reached (the state machine's Choice reads it, so it stops on the loop's own rule)
 */
public record StepResult(String sessionId, int round, int maxRounds, String status, String itemId, Float rewardScore,
        Integer rewardRank, Boolean accepted, String finalItemId, int roundsPlayed, boolean stop) {

    static StepResult of(Session session, int round) {
        return of(session, round, session.status().terminal());
    }

    static StepResult of(Session session, int round, boolean stop) {
        RoundRecord done = round >= 1 && round <= session.rounds().size() ? session.rounds().get(round - 1) : null;
        var pending = session.pending() != null && session.pending().round() == round ? session.pending() : null;
        String itemId = done != null ? done.itemId() : pending != null ? pending.itemId() : null;
        Float score = done != null ? Float.valueOf(done.rewardScore()) : pending != null ? pending.rewardScore() : null;
        Integer rank = done != null ? Integer.valueOf(done.rewardRank()) : pending != null ? pending.rewardRank() : null;
        return new StepResult(session.id(), round, session.request().maxRounds(), session.status().name(), itemId,
                score, rank, done != null ? done.accepted() : null, session.finalItemId(), session.rounds().size(), stop);
    }
}

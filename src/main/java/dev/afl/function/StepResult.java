package dev.afl.function;

import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;

/**
 * What a step returns to the state machine: small, enough for the Choice state ("Did the user accept?") and
 * for a caller to follow the session.
 *
 * @param accepted null until the round's judgement
 */
public record StepResult(String sessionId, int round, int maxRounds, String status, String itemId, Float rewardScore,
        Integer rewardRank, Boolean accepted, String finalItemId, int roundsPlayed) {

    static StepResult of(Session session, int round) {
        RoundRecord done = round >= 1 && round <= session.rounds().size() ? session.rounds().get(round - 1) : null;
        var pending = session.pending() != null && session.pending().round() == round ? session.pending() : null;
        String itemId = done != null ? done.itemId() : pending != null ? pending.itemId() : null;
        Float score = done != null ? Float.valueOf(done.rewardScore()) : pending != null ? pending.rewardScore() : null;
        Integer rank = done != null ? Integer.valueOf(done.rewardRank()) : pending != null ? pending.rewardRank() : null;
        return new StepResult(session.id(), round, session.request().maxRounds(), session.status().name(), itemId,
                score, rank, done != null ? done.accepted() : null, session.finalItemId(), session.rounds().size());
    }
}

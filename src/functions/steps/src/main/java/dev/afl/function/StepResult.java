package dev.afl.function;

import dev.afl.event.RecommendationRefined;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;

/**
 * What a step returns to the state machine: small, enough for the Choice state ("Did the user accept?") and
 * for a caller to follow the session.
 *
 * @param accepted    null until the round's judgement
 * @param stop        whether the loop is over after this step: ended, accepted, the round limit or a budget limit
 *                    reached (the state machine's Choice reads it, so it stops on the loop's own rule)
 * @param resultEvent the detail of the session's {@code RecommendationRefined} event, which the state machine
 *                    publishes; set by the finalize step only
 * @param publishResultEvent whether the state machine still has to publish the result event (finalize step only):
 *                    false once the event was recorded as published, so a redelivered request publishes nothing
 */
public record StepResult(String sessionId, int round, int maxRounds, String status, String itemId, Float rewardScore,
        Integer rewardRank, Boolean accepted, String finalItemId, int roundsPlayed, boolean stop,
        RecommendationRefined resultEvent, boolean publishResultEvent) {

    /** The result of the finalize step: the ended session, with its result event and whether to publish it. */
    static StepResult finished(Session session) {
        StepResult last = of(session, session.rounds().size());
        return new StepResult(last.sessionId(), last.round(), last.maxRounds(), last.status(), last.itemId(),
                last.rewardScore(), last.rewardRank(), last.accepted(), last.finalItemId(), last.roundsPlayed(),
                last.stop(), RecommendationRefined.of(session), session.resultPublishedAt() == null);
    }

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
                score, rank, done != null ? done.accepted() : null, session.finalItemId(), session.rounds().size(), stop,
                null, false);
    }
}

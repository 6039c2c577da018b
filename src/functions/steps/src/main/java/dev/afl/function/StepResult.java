package dev.afl.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.afl.event.RecommendationRefined;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.session.ProblemDetails;
import dev.afl.session.RefinementProblems;
import dev.afl.session.SessionView;

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
 * @param refusal     the start step's refusal of the request (null otherwise, and always written: the state
 *                    machine selects it)
 * @param session     the ended session as {@code POST /v1/refinements} answers it, transcript included (finalize
 *                    step only): the state machine's output
 * @param problem     what {@code POST /v1/refinements} answers for a session that ended FAILED (finalize step only):
 *                    the state machine fails with it as the cause
 */
public record StepResult(String sessionId, int round, int maxRounds, String status, String itemId, Float rewardScore,
        Integer rewardRank, Boolean accepted, String finalItemId, int roundsPlayed, boolean stop,
        RecommendationRefined resultEvent, boolean publishResultEvent, Refusal refusal,
        @JsonInclude(JsonInclude.Include.NON_NULL) SessionView session,
        @JsonInclude(JsonInclude.Include.NON_NULL) ProblemDetails problem) {

    /**
     * A request the start step refused before storing anything.
     *
     * @param reason  the message saying what to fix (the refusal event's stopReason)
     * @param problem what {@code POST /v1/refinements} answers
     */
    public record Refusal(String reason, ProblemDetails problem) {
    }

    StepResult(String sessionId, int round, int maxRounds, String status, String itemId, Float rewardScore,
            Integer rewardRank, Boolean accepted, String finalItemId, int roundsPlayed, boolean stop,
            RecommendationRefined resultEvent, boolean publishResultEvent) {
        this(sessionId, round, maxRounds, status, itemId, rewardScore, rewardRank, accepted, finalItemId,
                roundsPlayed, stop, resultEvent, publishResultEvent, null, null, null);
    }

    /**
     * The result of the finalize step: the ended session, with its result event, whether to publish it, the
     * session as the synchronous API answers it and, for a FAILED session, the problem it answers instead.
     *
     * @param errorType the error that failed the session, as Step Functions reports it (null when none)
     */
    static StepResult finished(Session session, String errorType) {
        StepResult last = of(session, session.rounds().size());
        ProblemDetails problem = session.status() == SessionStatus.FAILED ? RefinementProblems.failed(session,
                RefinementProblems.upstream(errorType), RefinementProblems.REFINEMENTS_PATH) : null;
        return new StepResult(last.sessionId(), last.round(), last.maxRounds(), last.status(), last.itemId(),
                last.rewardScore(), last.rewardRank(), last.accepted(), last.finalItemId(), last.roundsPlayed(),
                last.stop(), RecommendationRefined.of(session), session.resultPublishedAt() == null, null,
                SessionView.of(session, true), problem);
    }

    /** The start step's answer to a request it refused: nothing was stored. */
    static StepResult refused(String sessionId, RuntimeException refusal) {
        return new StepResult(sessionId, 0, 0, "REFUSED", null, null, null, null, null, 0, true, null, false,
                new Refusal(refusal.getMessage(), RefinementProblems.refused(refusal,
                        RefinementProblems.REFINEMENTS_PATH)), null, null);
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

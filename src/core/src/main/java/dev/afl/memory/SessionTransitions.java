package dev.afl.memory;

import dev.afl.AgentTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every store applies, in one place: what each write does to a session, which writes are duplicates
 * (the methods return null: keep the stored session, write nothing) and which are conflicts (refused).
 */
public final class SessionTransitions {

    private SessionTransitions() {
    }

    public static Session create(Session existing, String id, SessionRequest request, Instant now) {
        if (existing != null) {
            if (!existing.request().equals(request)) {
                throw new SessionConflictException("Session '" + id + "' already exists with a different request;"
                        + " use a new session id.");
            }
            return null;
        }
        return new Session(id, request, List.of(), null, SessionStatus.RUNNING, null, null, now, now, null);
    }

    /** Whether this step of this round is already stored (a retried or duplicated delivery). */
    public static boolean stored(Session session, int round, Step step) {
        if (round >= 1 && round <= session.rounds().size()) {
            return true;
        }
        PendingRound pending = session.pending();
        if (pending == null || pending.round() != round) {
            return false;
        }
        return step == Step.PROPOSAL || (step == Step.REWARD && pending.rewarded());
    }

    /**
     * Refuses a step that is not the next one of a running session (checked before any agent is asked): a session
     * that ended takes no step; a proposal needs the previous round judged and rejected, and a round within the
     * limit; a reward needs the round's proposal, a judgement its reward.
     */
    public static void checkOrder(Session session, int round, Step step) {
        requireRunning(session);
        switch (step) {
            case PROPOSAL -> {
                if (session.lastRoundAccepted()) {
                    throw new SessionConflictException("Session '" + session.id() + "' was accepted in round "
                            + session.rounds().size() + ": no round " + round + " can be played after it;"
                            + " finalize the session instead.");
                }
                if (round > session.request().maxRounds()) {
                    throw new SessionConflictException("Session '" + session.id() + "' allows "
                            + session.request().maxRounds() + " rounds; round " + round + " is beyond it.");
                }
                requireNext(session, round);
            }
            case REWARD -> requirePending(session, round, "proposal to score");
            case JUDGEMENT -> {
                requirePending(session, round, "scored proposal to judge");
                if (!session.pending().rewarded()) {
                    throw new SessionConflictException("Round " + round + " of session '" + session.id()
                            + "' has no reward yet: the reward step comes before the judge step.");
                }
            }
        }
    }

    public static Session propose(Session session, int round, String itemId, String itemTitle, String reason,
            AgentTrace recommender, Instant now) {
        if (stored(session, round, Step.PROPOSAL)) {
            return null;
        }
        checkOrder(session, round, Step.PROPOSAL);
        PendingRound pending = new PendingRound(round, itemId, itemTitle, reason, recommender, null, null, null);
        return with(session, session.rounds(), pending, now);
    }

    public static Session reward(Session session, int round, float score, int rank, List<Float> scores, Instant now) {
        if (stored(session, round, Step.REWARD)) {
            return null;
        }
        checkOrder(session, round, Step.REWARD);
        return with(session, session.rounds(), session.pending().withReward(score, rank, scores), now);
    }

    public static Session judge(Session session, int round, boolean accepted, String reason, AgentTrace user,
            Instant now) {
        if (stored(session, round, Step.JUDGEMENT)) {
            return null;
        }
        checkOrder(session, round, Step.JUDGEMENT);
        PendingRound pending = session.pending();
        List<RoundRecord> rounds = new ArrayList<>(session.rounds());
        rounds.add(new RoundRecord(round, pending.itemId(), pending.itemTitle(), pending.recommendationReason(),
                pending.rewardScore(), pending.rewardRank(), accepted, reason, pending.recommender(), user));
        return with(session, rounds, null, now);
    }

    /**
     * Ends a running session, refusing an outcome its rounds do not support: FAILED at any point (the rounds played
     * are kept, a round in progress included); otherwise only with no round in progress and after at least one
     * round: ACCEPTED when the last round was accepted, MAX_ROUNDS when the round limit is reached without
     * acceptance, a budget stop when the request has that limit (the loop decides when it is reached) and neither
     * of the others applies. The answer is always the last completed round's proposal. Ending again with the same
     * status is a duplicate; with another, a conflict.
     */
    public static Session finish(Session session, SessionStatus status, String finalItemId, String failure,
            Instant now) {
        if (!status.terminal()) {
            throw new IllegalArgumentException("finish needs a terminal status, got " + status);
        }
        if (session.status().terminal()) {
            if (session.status() == status) {
                return null;
            }
            throw new SessionConflictException("Session '" + session.id() + "' already ended as " + session.status()
                    + "; it cannot end again as " + status + ".");
        }
        String lastItem = session.rounds().isEmpty() ? null : session.rounds().getLast().itemId();
        if (!java.util.Objects.equals(finalItemId, lastItem)) {
            throw new SessionConflictException("Session '" + session.id() + "' cannot end with item '" + finalItemId
                    + "': its answer is the last completed round's proposal, " + (lastItem == null ? "none yet"
                    : "'" + lastItem + "'") + ".");
        }
        if (status != SessionStatus.FAILED) {
            requireOutcome(session, status);
        }
        return new Session(session.id(), session.request(), session.rounds(), session.pending(), status, finalItemId,
                failure, session.createdAt(), now, null);
    }

    /**
     * Records that the ended session's result event is on the bus, so that later deliveries of the request publish
     * nothing; recording it again is a duplicate, and a running session has no result event to record.
     */
    public static Session resultPublished(Session session, Instant now) {
        if (!session.status().terminal()) {
            throw new SessionConflictException("Session '" + session.id() + "' is still " + session.status()
                    + ": it has no result event yet; finalize it first.");
        }
        if (session.resultPublishedAt() != null) {
            return null;
        }
        return new Session(session.id(), session.request(), session.rounds(), session.pending(), session.status(),
                session.finalItemId(), session.failure(), session.createdAt(), session.updatedAt(), now);
    }

    /** The three writes of a round. */
    public enum Step { PROPOSAL, REWARD, JUDGEMENT }

    private static void requireOutcome(Session session, SessionStatus status) {
        String id = session.id();
        int played = session.rounds().size();
        int limit = session.request().maxRounds();
        if (session.pending() != null) {
            throw new SessionConflictException("Session '" + id + "' cannot end as " + status + ": round "
                    + session.pending().round() + " is still being played; finish it first.");
        }
        if (played == 0) {
            throw new SessionConflictException("Session '" + id + "' cannot end as " + status
                    + ": no round has been played.");
        }
        boolean accepted = session.lastRoundAccepted();
        String why = switch (status) {
            case ACCEPTED -> accepted ? null : "round " + played + " was rejected";
            case MAX_ROUNDS -> accepted ? "the user accepted round " + played
                    : played < limit ? played + " of " + limit + " rounds were played" : null;
            case TOKEN_BUDGET, COST_BUDGET, TIME_BUDGET, NO_IMPROVEMENT -> accepted ? "the user accepted round " + played
                    : played >= limit ? "the round limit is reached"
                    : hasLimit(session.request().budget(), status) ? null : "the request sets no such limit";
            case RUNNING, FAILED -> throw new IllegalStateException("unreachable");
        };
        if (why != null) {
            throw new SessionConflictException("Session '" + id + "' cannot end as " + status + ": " + why + ".");
        }
    }

    private static boolean hasLimit(dev.afl.memory.Budget budget, SessionStatus status) {
        return budget != null && switch (status) {
            case TOKEN_BUDGET -> budget.maxTokens() != null;
            case COST_BUDGET -> budget.maxCostUsd() != null;
            case TIME_BUDGET -> budget.maxWallTime() != null;
            case NO_IMPROVEMENT -> budget.patienceRounds() != null;
            default -> false;
        };
    }

    private static void requireRunning(Session session) {
        if (session.status().terminal()) {
            throw new SessionConflictException("Session '" + session.id() + "' is already " + session.status()
                    + "; no more rounds can be played.");
        }
    }

    private static void requireNext(Session session, int round) {
        if (round != session.nextRound() || session.pending() != null) {
            throw new SessionConflictException("Round " + round + " of session '" + session.id() + "' is out of"
                    + " order: the next round is " + session.nextRound() + ".");
        }
    }

    private static void requirePending(Session session, int round, String what) {
        if (session.pending() == null || session.pending().round() != round) {
            throw new SessionConflictException("Round " + round + " of session '" + session.id() + "' has no "
                    + what + " (the next round is " + session.nextRound() + ").");
        }
    }

    private static Session with(Session session, List<RoundRecord> rounds, PendingRound pending, Instant now) {
        return new Session(session.id(), session.request(), rounds, pending, session.status(), null, null,
                session.createdAt(), now, null);
    }
}

package dev.afl.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every store applies, in one place: what creating, appending and finishing do to a session, and
 * which writes are duplicates (return the stored session) or conflicts (refused).
 */
public final class SessionTransitions {

    private SessionTransitions() {
    }

    /** The new session, or null when {@code existing} already holds the same request. */
    public static Session create(Session existing, String id, SessionRequest request, Instant now) {
        if (existing != null) {
            if (!existing.request().equals(request)) {
                throw new SessionConflictException("Session '" + id + "' already exists with a different request;"
                        + " use a new session id.");
            }
            return null;
        }
        return new Session(id, request, List.of(), SessionStatus.RUNNING, null, null, now, now);
    }

    /** The session with the round appended, or null when that round is already stored. */
    public static Session append(Session session, RoundRecord round, Instant now) {
        if (round.round() <= session.rounds().size()) {
            return null;
        }
        if (session.status().terminal()) {
            throw new SessionConflictException("Session '" + session.id() + "' is already " + session.status()
                    + "; no more rounds can be added.");
        }
        if (round.round() != session.nextRound()) {
            throw new SessionConflictException("Round " + round.round() + " of session '" + session.id()
                    + "' is out of order: the next round is " + session.nextRound() + ".");
        }
        if (round.round() > session.request().maxRounds()) {
            throw new SessionConflictException("Session '" + session.id() + "' allows " + session.request().maxRounds()
                    + " rounds; round " + round.round() + " is beyond it.");
        }
        List<RoundRecord> rounds = new ArrayList<>(session.rounds());
        rounds.add(round);
        return new Session(session.id(), session.request(), rounds, session.status(), null, null,
                session.createdAt(), now);
    }

    /** The terminal session, or null when it already ended this way. */
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
        return new Session(session.id(), session.request(), session.rounds(), status, finalItemId, failure,
                session.createdAt(), now);
    }
}

package dev.afl.reliability;

import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A small reference of the session rules, written apart from the code it checks ({@code SessionTransitions}, the
 * stores and the finalize step): for each event, whether it changes the session (and into what), is a duplicate of
 * a stored step (nothing changes), or is refused (the session is unknown, or the event conflicts with it).
 *
 * <p>The rules: a session is created once per request; round n is proposed, then rewarded, then judged, one round
 * after the other, never after an accepted round, never beyond the round limit, never once the session ended; a
 * step already stored is a duplicate, even after the end. Finalizing ends a running session as FAILED when a step
 * failed, else as ACCEPTED after an accepted round or as MAX_ROUNDS at the limit, and is refused otherwise; an ended
 * session stays as it ended. That its result event was published is recorded once, after the end.
 *
 * @param pending   the round in progress, or null
 * @param finalItem the answer once ended: the last completed round's proposal, or null
 * @param published whether the result event was recorded as published
 */
record SessionModel(int maxRounds, SessionStatus status, List<Played> rounds, Pending pending, String finalItem,
        boolean published) {

    /** The candidates every generated session chooses from. */
    static final List<String> CANDIDATES = List.of("c1", "c2", "c3");

    SessionModel {
        rounds = List.copyOf(rounds);
    }

    /** An event a function receives. */
    sealed interface Event permits Start, Recommend, Reward, Judge, Finalize, Published {
    }

    /** The start event; a different {@code maxRounds} is a different request. */
    record Start(int maxRounds) implements Event {
    }

    record Recommend(int round, int candidate) implements Event {
    }

    record Reward(int round) implements Event {
    }

    record Judge(int round, boolean accepted) implements Event {
    }

    /** The finalize event, on the Catch path ({@code failed}) or after the last round. */
    record Finalize(boolean failed) implements Event {
    }

    /** The finalize function told that the result event is on the bus (the state machine, after publishing). */
    record Published() implements Event {
    }

    record Played(String itemId, boolean accepted) {
    }

    record Pending(int round, String itemId, boolean rewarded) {
    }

    enum Effect { CHANGES, DUPLICATE, UNKNOWN_SESSION, CONFLICT }

    /** What an event does: its effect, and the session after it (unchanged unless it CHANGES). */
    record Outcome(Effect effect, SessionModel after) {
    }

    /** The model of a stored session (null: none stored). */
    static SessionModel of(Session session) {
        if (session == null) {
            return null;
        }
        List<Played> played = session.rounds().stream().map(r -> new Played(r.itemId(), r.accepted())).toList();
        Pending pending = session.pending() == null ? null : new Pending(session.pending().round(),
                session.pending().itemId(), session.pending().rewarded());
        return new SessionModel(session.request().maxRounds(), session.status(), played, pending,
                session.finalItemId(), session.resultPublishedAt() != null);
    }

    /** What {@code event} does to {@code session} (null: no session). */
    static Outcome apply(SessionModel session, Event event) {
        if (event instanceof Start start) {
            if (session == null) {
                return changes(new SessionModel(start.maxRounds(), SessionStatus.RUNNING, List.of(), null, null,
                        false));
            }
            return new Outcome(start.maxRounds() == session.maxRounds() ? Effect.DUPLICATE : Effect.CONFLICT, session);
        }
        if (session == null) {
            return new Outcome(Effect.UNKNOWN_SESSION, null);
        }
        return session.take(event);
    }

    private Outcome take(Event event) {
        boolean ended = status != SessionStatus.RUNNING;
        int played = rounds.size();
        boolean lastAccepted = played > 0 && rounds.getLast().accepted();
        return switch (event) {
            case Recommend r -> {
                if (r.round() <= played || pending != null && pending.round() == r.round()) {
                    yield same(Effect.DUPLICATE);
                }
                if (ended || lastAccepted || r.round() > maxRounds || pending != null || r.round() != played + 1) {
                    yield same(Effect.CONFLICT);
                }
                yield changes(new SessionModel(maxRounds, status, rounds,
                        new Pending(r.round(), CANDIDATES.get(r.candidate()), false), null, false));
            }
            case Reward r -> {
                if (r.round() <= played || pending != null && pending.round() == r.round() && pending.rewarded()) {
                    yield same(Effect.DUPLICATE);
                }
                if (ended || pending == null || pending.round() != r.round()) {
                    yield same(Effect.CONFLICT);
                }
                yield changes(new SessionModel(maxRounds, status, rounds,
                        new Pending(pending.round(), pending.itemId(), true), null, false));
            }
            case Judge j -> {
                if (j.round() <= played) {
                    yield same(Effect.DUPLICATE);
                }
                if (ended || pending == null || pending.round() != j.round() || !pending.rewarded()) {
                    yield same(Effect.CONFLICT);
                }
                List<Played> more = new ArrayList<>(rounds);
                more.add(new Played(pending.itemId(), j.accepted()));
                yield changes(new SessionModel(maxRounds, status, more, null, null, false));
            }
            case Finalize f -> {
                if (ended) {
                    yield same(Effect.DUPLICATE);
                }
                String answer = played == 0 ? null : rounds.getLast().itemId();
                SessionStatus end = f.failed() ? SessionStatus.FAILED : lastAccepted ? SessionStatus.ACCEPTED
                        : played >= maxRounds ? SessionStatus.MAX_ROUNDS : null;
                yield end == null ? same(Effect.CONFLICT)
                        : changes(new SessionModel(maxRounds, end, rounds, pending, answer, false));
            }
            case Published p -> !ended ? same(Effect.CONFLICT) : published ? same(Effect.DUPLICATE)
                    : changes(new SessionModel(maxRounds, status, rounds, pending, finalItem, true));
            case Start s -> throw new IllegalStateException("handled by apply");
        };
    }

    /**
     * The next event of a legal continuation to a normal end (the round in progress completed, or a new round
     * played, and accepted, or rejected when it is the last allowed; then finalized); null once ended.
     */
    Event towardsTheEnd() {
        if (status != SessionStatus.RUNNING) {
            return null;
        }
        if (pending != null) {
            // Accepted, or rejected at the round limit: both end the session in this round.
            return pending.rewarded() ? new Judge(pending.round(), pending.round() < maxRounds)
                    : new Reward(pending.round());
        }
        boolean lastAccepted = !rounds.isEmpty() && rounds.getLast().accepted();
        return lastAccepted || rounds.size() >= maxRounds ? new Finalize(false)
                : new Recommend(rounds.size() + 1, rounds.size() % CANDIDATES.size());
    }

    private Outcome same(Effect effect) {
        return new Outcome(effect, this);
    }

    private static Outcome changes(SessionModel after) {
        return new Outcome(Effect.CHANGES, after);
    }
}

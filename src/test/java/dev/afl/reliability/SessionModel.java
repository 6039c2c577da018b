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
 * session stays as it ended.
 *
 * @param pending   the round in progress, or null
 * @param finalItem the answer once ended: the last completed round's proposal, or null
 */
record SessionModel(int maxRounds, SessionStatus status, List<Played> rounds, Pending pending, String finalItem) {

    /** The candidates every generated session chooses from. */
    static final List<String> CANDIDATES = List.of("c1", "c2", "c3");

    SessionModel {
        rounds = List.copyOf(rounds);
    }

    /** An event a function receives. */
    sealed interface Event permits Start, Recommend, Reward, Judge, Finalize {
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
                session.finalItemId());
    }

    /** What {@code event} does to {@code session} (null: no session). */
    static Outcome apply(SessionModel session, Event event) {
        if (event instanceof Start start) {
            if (session == null) {
                return changes(new SessionModel(start.maxRounds(), SessionStatus.RUNNING, List.of(), null, null));
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
                        new Pending(r.round(), CANDIDATES.get(r.candidate()), false), null));
            }
            case Reward r -> {
                if (r.round() <= played || pending != null && pending.round() == r.round() && pending.rewarded()) {
                    yield same(Effect.DUPLICATE);
                }
                if (ended || pending == null || pending.round() != r.round()) {
                    yield same(Effect.CONFLICT);
                }
                yield changes(new SessionModel(maxRounds, status, rounds,
                        new Pending(pending.round(), pending.itemId(), true), null));
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
                yield changes(new SessionModel(maxRounds, status, more, null, null));
            }
            case Finalize f -> {
                if (ended) {
                    yield same(Effect.DUPLICATE);
                }
                String answer = played == 0 ? null : rounds.getLast().itemId();
                SessionStatus end = f.failed() ? SessionStatus.FAILED : lastAccepted ? SessionStatus.ACCEPTED
                        : played >= maxRounds ? SessionStatus.MAX_ROUNDS : null;
                yield end == null ? same(Effect.CONFLICT)
                        : changes(new SessionModel(maxRounds, end, rounds, pending, answer));
            }
            case Start s -> throw new IllegalStateException("handled by apply");
        };
    }

    /**
     * The next event of a legal continuation to a normal end (the round in progress completed and accepted, or a
     * new round accepted, or the session finalized at its limit or after its accepted round); null once ended.
     */
    Event towardsTheEnd() {
        if (status != SessionStatus.RUNNING) {
            return null;
        }
        if (pending != null) {
            return pending.rewarded() ? new Judge(pending.round(), true) : new Reward(pending.round());
        }
        boolean lastAccepted = !rounds.isEmpty() && rounds.getLast().accepted();
        return lastAccepted || rounds.size() >= maxRounds ? new Finalize(false) : new Recommend(rounds.size() + 1, 0);
    }

    private Outcome same(Effect effect) {
        return new Outcome(effect, this);
    }

    private static Outcome changes(SessionModel after) {
        return new Outcome(Effect.CHANGES, after);
    }
}

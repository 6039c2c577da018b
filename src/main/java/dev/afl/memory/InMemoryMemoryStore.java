package dev.afl.memory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A store that lives as long as the process: for evaluation runs and benchmarks, where sessions are throwaway. */
public final class InMemoryMemoryStore implements MemoryStore {

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Override
    public Session create(String sessionId, SessionRequest request) {
        MemoryStore.checkId(sessionId);
        return sessions.compute(sessionId, (id, existing) -> {
            Session created = SessionTransitions.create(existing, id, request, clock.instant());
            return created == null ? existing : created;
        });
    }

    @Override
    public Session appendRound(String sessionId, RoundRecord round) {
        return change(sessionId, session -> SessionTransitions.append(session, round, clock.instant()));
    }

    @Override
    public Session finish(String sessionId, SessionStatus status, String finalItemId, String failure) {
        return change(sessionId, session -> SessionTransitions.finish(session, status, finalItemId, failure,
                clock.instant()));
    }

    @Override
    public Optional<Session> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    private Session change(String sessionId, java.util.function.UnaryOperator<Session> change) {
        Session updated = sessions.computeIfPresent(sessionId, (id, session) -> {
            Session changed = change.apply(session);
            return changed == null ? session : changed;
        });
        if (updated == null) {
            throw new SessionNotFoundException(sessionId);
        }
        return updated;
    }
}

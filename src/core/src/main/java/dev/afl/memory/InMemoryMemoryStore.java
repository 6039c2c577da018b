package dev.afl.memory;

import dev.afl.AgentTrace;
import java.time.Clock;
import java.util.List;
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
    public Session saveProposal(Session current, int round, String itemId, String itemTitle, String reason,
            AgentTrace recommender) {
        return change(current.id(), session -> SessionTransitions.propose(session, round, itemId, itemTitle, reason,
                recommender, clock.instant()));
    }

    @Override
    public Session saveReward(Session current, int round, float score, int rank, List<Float> scores) {
        return change(current.id(), session -> SessionTransitions.reward(session, round, score, rank, scores,
                clock.instant()));
    }

    @Override
    public Session saveJudgement(Session current, int round, boolean accepted, String reason, AgentTrace user) {
        return change(current.id(), session -> SessionTransitions.judge(session, round, accepted, reason, user,
                clock.instant()));
    }

    @Override
    public Session finish(Session current, SessionStatus status, String finalItemId, String failure) {
        return change(current.id(), session -> SessionTransitions.finish(session, status, finalItemId, failure,
                clock.instant()));
    }

    @Override
    public Session recordResultPublished(Session current) {
        return change(current.id(), session -> SessionTransitions.resultPublished(session, clock.instant()));
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

package dev.afl.reliability;

import dev.afl.AgentTrace;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionRequest;
import dev.afl.memory.SessionStatus;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A store that crashes after a seeded random share of its writes: the write is done (the file replaced), the
 * caller gets {@link InjectedCrash} instead of the result. For stores without an SDK to intercept (the file store).
 */
public final class CrashingMemoryStore implements MemoryStore {

    private final MemoryStore store;
    private final Random random;
    private final double share;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();

    public CrashingMemoryStore(MemoryStore store, long seed, double share) {
        this.store = store;
        this.random = new Random(seed);
        this.share = share;
    }

    @Override
    public Session create(String sessionId, SessionRequest request) {
        return afterWrite("create", () -> store.create(sessionId, request));
    }

    @Override
    public Session saveProposal(Session current, int round, String itemId, String itemTitle, String reason,
            AgentTrace recommender) {
        return afterWrite("proposal", () -> store.saveProposal(current, round, itemId, itemTitle, reason, recommender));
    }

    @Override
    public Session saveReward(Session current, int round, float score, int rank, List<Float> scores) {
        return afterWrite("reward", () -> store.saveReward(current, round, score, rank, scores));
    }

    @Override
    public Session saveJudgement(Session current, int round, boolean accepted, String reason, AgentTrace user) {
        return afterWrite("judgement", () -> store.saveJudgement(current, round, accepted, reason, user));
    }

    @Override
    public Session finish(Session current, SessionStatus status, String finalItemId, String failure) {
        return afterWrite("finish", () -> store.finish(current, status, finalItemId, failure));
    }

    @Override
    public Session recordResultPublished(Session current) {
        return afterWrite("result-published", () -> store.recordResultPublished(current));
    }

    @Override
    public Optional<Session> find(String sessionId) {
        return store.find(sessionId);
    }

    public int writes() {
        return writes.get();
    }

    public int crashes() {
        return crashes.get();
    }

    private Session afterWrite(String what, Supplier<Session> write) {
        Session written = write.get();
        writes.incrementAndGet();
        boolean crash;
        synchronized (random) {
            crash = random.nextDouble() < share;
        }
        if (crash) {
            crashes.incrementAndGet();
            throw new InjectedCrash("after the " + what + " write");
        }
        return written;
    }
}

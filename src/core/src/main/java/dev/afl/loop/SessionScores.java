package dev.afl.loop;

import dev.afl.AgentTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Model scores remembered between the rounds of a session. A session's history and candidates never change, so
 * the recommendation model and the reward model would compute the same scores in every round; remembering them
 * makes a model score a session once instead of once per round (most of an offline round's cost, and an LLM
 * call per round for the {@code llm} model). What the caller marks not rememberable (a fallback) is asked for
 * again. Entries belong to one
 * session (its id is in the key, with the history and candidates it was asked about), so sessions never share
 * scores and every session pays for its own.
 *
 * <p>Bounded (least recently used entries leave first) and short-lived, so that a long-running server picks up a
 * remote model's new answers: an entry serves for {@link #MAX_AGE_NANOS} at most. Thread-safe; the steps of
 * concurrent sessions share one instance.
 */
final class SessionScores {

    /** Enough for the two models of a few hundred sessions in flight (the fan-out runs up to 128 at once). */
    static final int CAPACITY = 1024;
    /** Longer than a session of offline or LLM rounds normally lasts; the functions' containers live longer. */
    static final long MAX_AGE_NANOS = 10L * 60 * 1_000_000_000;

    private record Key(String sessionId, String model, List<String> history, List<String> candidates) {
    }

    private record Remembered(float[] scores, long storedAt) {
    }

    private final Map<Key, Remembered> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Remembered> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * The scores of {@code model} for this session's history and candidates: remembered ones while fresh, else
     * computed by {@code compute} and remembered when it says they may be ({@link Computed#rememberable}). The
     * scores returned are a copy the caller may change.
     */
    Computed scores(String sessionId, String model, List<String> history, List<String> candidates,
            Supplier<Computed> compute) {
        Key key = new Key(sessionId, model, history, candidates);
        long now = System.nanoTime();
        synchronized (entries) {
            Remembered known = entries.get(key);
            if (known != null && now - known.storedAt() < MAX_AGE_NANOS) {
                return new Computed(known.scores().clone(), true, null);
            }
        }
        Computed computed = compute.get();
        if (computed.rememberable()) {
            synchronized (entries) {
                entries.put(key, new Remembered(computed.scores().clone(), now));
            }
        }
        return computed;
    }

    /**
     * Scores as a model answered them, whether the same request would get the same answer again, and the LLM call
     * made for them now (null for computed or remembered scores).
     */
    record Computed(float[] scores, boolean rememberable, AgentTrace call) {
    }
}

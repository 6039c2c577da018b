package dev.afl.function;

import dev.afl.AgentTrace;
import dev.afl.catalog.Item;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionRequest;
import dev.afl.memory.SessionStatus;
import java.util.List;

/**
 * Sessions at each point of the loop, written with the function's own store (the {@code DynamoDbMemoryStore} over
 * dynalite), so a function's test starts from the state its step expects without running the functions before it
 * (and without loading their models). The items are LastFM artists every bundled model knows (those of the
 * cold-start benchmark's events).
 */
public final class PlayedSessions {

    public static final String DATASET = "lastfm";
    public static final List<String> HISTORY = List.of("52", "63", "73");
    public static final List<String> CANDIDATES = List.of("96", "995", "6160", "6177", "9322");
    /** The proposal of round 1 in the sessions below, the reward model's top pick (rank 1). */
    public static final String PROPOSED = "96";

    private PlayedSessions() {
    }

    /** The start event of such a session, as the state machine sends it. */
    public static String startEvent(String sessionId, int maxRounds) {
        return "{\"sessionId\": \"" + sessionId + "\", \"dataset\": \"" + DATASET + "\", \"maxRounds\": " + maxRounds
                + ", \"history\": " + refs(HISTORY) + ", \"candidates\": " + refs(CANDIDATES) + "}";
    }

    /** A step event (recommend, reward, judge). */
    public static String stepEvent(String sessionId, int round) {
        return "{\"sessionId\": \"" + sessionId + "\", \"round\": " + round + "}";
    }

    /** Started, round 1 to be recommended (the configured models, gru4rec and sasrec, by default). */
    public static Session started(MemoryStore store, String sessionId, int maxRounds) {
        return store.create(sessionId, new SessionRequest(DATASET, items(HISTORY), items(CANDIDATES), maxRounds,
                "gru4rec", "sasrec"));
    }

    /** Round 1 proposed ({@link #PROPOSED}), to be rewarded. */
    public static Session proposed(MemoryStore store, String sessionId, int maxRounds) {
        return store.saveProposal(started(store, sessionId, maxRounds), 1, PROPOSED, title(PROPOSED),
                "It fits the history.", AgentTrace.offline("test"));
    }

    /** Round 1 rewarded: the proposal ranks first among the candidates (one score each), to be judged. */
    public static Session rewarded(MemoryStore store, String sessionId, int maxRounds) {
        return store.saveReward(proposed(store, sessionId, maxRounds), 1, 0.9f, 1, List.of(0.9f, 0.5f, 0.4f, 0.3f,
                0.2f));
    }

    /** Round 1 judged: accepted (or rejected), to be finished or played on. */
    public static Session judged(MemoryStore store, String sessionId, int maxRounds, boolean accepted) {
        return store.saveJudgement(rewarded(store, sessionId, maxRounds), 1, accepted,
                accepted ? "Just right." : "Not today.", AgentTrace.offline("test"));
    }

    /** Ended as the finalize step ends an accepted session. */
    public static Session accepted(MemoryStore store, String sessionId) {
        return store.finish(judged(store, sessionId, 2, true), SessionStatus.ACCEPTED, PROPOSED, null);
    }

    /** The session as a fan-out case (a case-file line), its target the accepted item. */
    public static String fanOutCase(String sessionId, int row) {
        return "{\"caseId\": \"" + sessionId + "\", \"dataset\": \"" + DATASET + "\", \"row\": " + row
                + ", \"seed\": 1, \"lists\": \"seeds\", \"history\": " + refs(HISTORY) + ", \"candidates\": "
                + refs(CANDIDATES) + ", \"target\": \"" + PROPOSED + "\"}";
    }

    public static String title(String id) {
        return "Artist " + id;
    }

    private static List<Item> items(List<String> ids) {
        return ids.stream().map(id -> new Item(id, title(id))).toList();
    }

    private static String refs(List<String> ids) {
        return ids.stream().map(id -> "{\"id\": \"" + id + "\", \"title\": \"" + title(id) + "\"}")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}

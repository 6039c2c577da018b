package dev.afl.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AflException;
import dev.afl.AgentTrace;
import dev.afl.catalog.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both embedded stores obey the same idempotency and ordering rules; the file store survives a restart. */
class MemoryStoreTest {

    @TempDir
    Path folder;

    static final SessionRequest REQUEST = new SessionRequest("lastfm", items("1", "2"), items("3", "4", "5"), 3,
            "lastfm/gru4rec", "lastfm/sasrec");

    static List<Item> items(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new Item(id, "Title " + id)).toList();
    }

    static RoundRecord round(int n, boolean accepted) {
        return new RoundRecord(n, "3", "Three", "because", 0.5f, 2, accepted, "user says", AgentTrace.offline("p"),
                AgentTrace.offline("q"));
    }

    private Supplier<MemoryStore> store(String kind) {
        return kind.equals("file") ? () -> new FileMemoryStore(folder) : InMemoryMemoryStore::new;
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void writesAreIdempotentAndOrdered(String kind) {
        MemoryStore store = store(kind).get();
        Session created = store.create("s-1", REQUEST);
        assertThat(created.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(store.create("s-1", REQUEST)).isEqualTo(created);
        assertThatThrownBy(() -> store.create("s-1", new SessionRequest("lastfm", items("9"), items("3", "4"), 3,
                "a", "b"))).isInstanceOf(SessionConflictException.class).hasMessageContaining("different request");

        Session one = store.appendRound("s-1", round(1, false));
        assertThat(one.rounds()).hasSize(1);
        // The same round delivered again returns the stored session and writes nothing.
        assertThat(store.appendRound("s-1", round(1, true))).isEqualTo(one);
        assertThatThrownBy(() -> store.appendRound("s-1", round(3, false)))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("out of order");
        store.appendRound("s-1", round(2, false));
        store.appendRound("s-1", round(3, true));
        assertThatThrownBy(() -> store.appendRound("s-1", round(4, false)))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("was accepted in round 3");

        Session done = store.finish("s-1", SessionStatus.ACCEPTED, "3", null);
        assertThat(store.finish("s-1", SessionStatus.ACCEPTED, "3", null)).isEqualTo(done);
        assertThatThrownBy(() -> store.finish("s-1", SessionStatus.FAILED, null, "x"))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("already ended as ACCEPTED");
        assertThat(store.require("s-1").rounds()).extracting(RoundRecord::round).containsExactly(1, 2, 3);
    }

    /** What the store holds for the session, byte for byte: the file, or the record's JSON for the in-memory store. */
    private String stored(MemoryStore store, String kind, String id) throws Exception {
        return kind.equals("file") ? Files.readString(folder.resolve(id + ".json"))
                : JSON.writeValueAsString(store.require(id));
    }

    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .findAndRegisterModules();

    /** Issue 15, break 2: a proposal after an accepted round was stored, and the session could no longer end. */
    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void noRoundIsPlayedAfterAnAcceptedOne(String kind) throws Exception {
        MemoryStore store = store(kind).get();
        store.create("acc", REQUEST);
        store.appendRound("acc", round(1, true));
        String before = stored(store, kind, "acc");
        assertThatThrownBy(() -> store.saveProposal(store.require("acc"), 2, "4", "Title 4", "again",
                AgentTrace.offline("p"))).isInstanceOf(SessionConflictException.class)
                .hasMessageContaining("was accepted in round 1: no round 2 can be played");
        assertThat(stored(store, kind, "acc")).isEqualTo(before);
        // Nor any later round, nor the steps of a round that was never proposed.
        assertThatThrownBy(() -> store.saveProposal(store.require("acc"), 3, "4", "Title 4", "x", AgentTrace.offline("p")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("was accepted in round 1");
        assertThatThrownBy(() -> store.saveReward(store.require("acc"), 2, 0.1f, 1, List.of()))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("no proposal to score");
        assertThat(stored(store, kind, "acc")).isEqualTo(before);
        // The session can still end, as accepted; after that, no step and no other outcome is taken.
        assertThatThrownBy(() -> store.finish("acc", SessionStatus.MAX_ROUNDS, "3", null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("the user accepted round 1");
        assertThat(store.finish("acc", SessionStatus.ACCEPTED, "3", null).status()).isEqualTo(SessionStatus.ACCEPTED);
        String ended = stored(store, kind, "acc");
        assertThatThrownBy(() -> store.saveProposal(store.require("acc"), 2, "4", "Title 4", "x", AgentTrace.offline("p")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("already ACCEPTED");
        assertThat(stored(store, kind, "acc")).isEqualTo(ended);
    }

    /** An outcome the rounds do not support is refused, and the session keeps running. */
    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void anOutcomeMustMatchTheRounds(String kind) throws Exception {
        MemoryStore store = store(kind).get();
        store.create("out", REQUEST);
        String fresh = stored(store, kind, "out");
        assertThatThrownBy(() -> store.finish("out", SessionStatus.MAX_ROUNDS, null, null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("no round has been played");
        store.appendRound("out", round(1, false));
        store.saveProposal(store.require("out"), 2, "4", "Title 4", "r2", AgentTrace.offline("p"));
        String playing = stored(store, kind, "out");
        assertThatThrownBy(() -> store.finish("out", SessionStatus.ACCEPTED, "3", null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("round 2 is still being played");
        store.saveReward(store.require("out"), 2, 0.2f, 2, List.of());
        store.saveJudgement(store.require("out"), 2, false, "no", AgentTrace.offline("q"));
        String rejected = stored(store, kind, "out");
        assertThatThrownBy(() -> store.finish("out", SessionStatus.ACCEPTED, "4", null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("round 2 was rejected");
        assertThatThrownBy(() -> store.finish("out", SessionStatus.MAX_ROUNDS, "4", null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("2 of 3 rounds were played");
        assertThatThrownBy(() -> store.finish("out", SessionStatus.TOKEN_BUDGET, "4", null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("sets no such limit");
        assertThatThrownBy(() -> store.finish("out", SessionStatus.FAILED, "3", "x"))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("its answer is the last completed");
        assertThat(stored(store, kind, "out")).isEqualTo(rejected).isNotEqualTo(playing).isNotEqualTo(fresh);
        store.appendRound("out", round(3, false));
        assertThatThrownBy(() -> store.saveProposal(store.require("out"), 4, "5", "Title 5", "r4", AgentTrace.offline("p")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("allows 3 rounds");
        assertThat(store.finish("out", SessionStatus.MAX_ROUNDS, "3", null).status()).isEqualTo(SessionStatus.MAX_ROUNDS);
    }

    /** The record that the result event was published: once, after the end, and without touching the outcome. */
    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void theResultEventIsRecordedAsPublishedOnceTheSessionEnded(String kind) throws Exception {
        MemoryStore store = store(kind).get();
        store.create("pub", REQUEST);
        assertThatThrownBy(() -> store.recordResultPublished(store.require("pub")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("has no result event yet");
        store.appendRound("pub", round(1, true));
        Session ended = store.finish("pub", SessionStatus.ACCEPTED, "3", null);
        assertThat(ended.resultPublishedAt()).isNull();
        Session published = store.recordResultPublished(store.require("pub"));
        assertThat(published.resultPublishedAt()).isNotNull();
        assertThat(published.updatedAt()).isEqualTo(ended.updatedAt());
        String recorded = stored(store, kind, "pub");
        assertThat(store.recordResultPublished(ended)).isEqualTo(store.require("pub"));
        assertThat(store.finish("pub", SessionStatus.ACCEPTED, "3", null)).isEqualTo(published);
        assertThat(stored(store, kind, "pub")).isEqualTo(recorded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void unknownAndInvalidIdsAreClearErrors(String kind) {
        MemoryStore store = store(kind).get();
        assertThatThrownBy(() -> store.appendRound("nope", round(1, false)))
                .isInstanceOf(SessionNotFoundException.class).hasMessageContaining("Unknown session 'nope'");
        assertThatThrownBy(() -> store.create("../etc/passwd", REQUEST)).isInstanceOf(AflException.class)
                .hasMessageContaining("Invalid session id");
        assertThatThrownBy(() -> store.create("", REQUEST)).hasMessageContaining("Invalid session id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file"})
    void theFileStoreSurvivesARestart(String kind) throws Exception {
        MemoryStore first = store(kind).get();
        first.create("kept", REQUEST);
        first.appendRound("kept", round(1, false));
        MemoryStore second = new FileMemoryStore(folder);
        Session reloaded = second.require("kept");
        assertThat(reloaded.rounds()).containsExactly(round(1, false));
        assertThat(reloaded.request()).isEqualTo(REQUEST);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("kept.json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void concurrentSessionsEachKeepTheirOwnRounds(String kind) throws Exception {
        MemoryStore store = store(kind).get();
        int sessions = 24;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                String id = "parallel-" + s;
                done.add(pool.submit(() -> {
                    store.create(id, REQUEST);
                    for (int r = 1; r <= 3; r++) {
                        store.appendRound(id, round(r, r == 3));
                    }
                    return store.finish(id, SessionStatus.ACCEPTED, "3", null);
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        for (int s = 0; s < sessions; s++) {
            Session session = store.require("parallel-" + s);
            assertThat(session.status()).isEqualTo(SessionStatus.ACCEPTED);
            assertThat(session.rounds()).extracting(RoundRecord::round).containsExactly(1, 2, 3);
        }
    }
}

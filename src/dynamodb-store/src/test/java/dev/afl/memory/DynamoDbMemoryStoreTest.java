package dev.afl.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.AgentTrace;
import dev.afl.Dynalite;
import dev.afl.catalog.Item;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import dev.afl.memory.dynamodb.SessionTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** The DynamoDB store against dynalite: the step writes, their idempotency, and what is stored. */
class DynamoDbMemoryStoreTest {

    static Dynalite dynalite;
    static DynamoDbClient client;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        client = dynalite.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        dynalite.close();
    }

    static final SessionRequest REQUEST = new SessionRequest("lastfm", List.of(new Item("1", "One")),
            List.of(new Item("3", "Three"), new Item("4", "Four")), 2, "lastfm/gru4rec", "lastfm/sasrec");

    private DynamoDbMemoryStore store() {
        return new DynamoDbMemoryStore(client, Dynalite.TABLE, Duration.ofDays(7));
    }

    @Test
    void aRoundIsWrittenInThreeConditionalStepsEachOneReadAndOneWrite() {
        DynamoDbMemoryStore store = store();
        Session session = store.create("d-1", REQUEST);
        assertThat(store.create("d-1", REQUEST)).isEqualTo(store.require("d-1"));
        long reads = store.reads();
        long writes = store.writes();
        Session read = store.require("d-1");
        Session proposed = store.saveProposal(read, 1, "3", "Three", "because", AgentTrace.offline("p"));
        assertThat(store.reads() - reads).isEqualTo(1);
        assertThat(store.writes() - writes).isEqualTo(1);
        assertThat(store.require("d-1").pending().itemId()).isEqualTo("3");

        Session rewarded = store.saveReward(store.require("d-1"), 1, 0.7f, 1, List.of(0.7f, 0.1f));
        assertThat(rewarded.pending().rewardRank()).isEqualTo(1);
        Session judged = store.saveJudgement(store.require("d-1"), 1, false, "no thanks", AgentTrace.offline("q"));
        assertThat(judged.rounds()).hasSize(1);
        assertThat(store.require("d-1")).isEqualTo(judged);
        assertThat(proposed.pending()).isNotNull();
        assertThat(session.status()).isEqualTo(SessionStatus.RUNNING);

        // The judge step delivered again with a stale session: the conditional write fails and the stored
        // round is returned unchanged.
        Session again = store.saveJudgement(rewarded, 1, true, "changed my mind", AgentTrace.offline("q"));
        assertThat(again.rounds()).hasSize(1);
        assertThat(again.rounds().getFirst().accepted()).isFalse();
        assertThat(store.require("d-1").rounds().getFirst().userReason()).isEqualTo("no thanks");
        // A proposal delivered twice (stale read) stores one round item.
        Session stale = store.require("d-1");
        store.saveProposal(stale, 2, "4", "Four", "r2", AgentTrace.offline("p"));
        store.saveProposal(stale, 2, "3", "Three", "r2 again", AgentTrace.offline("p"));
        assertThat(store.require("d-1").pending().itemId()).isEqualTo("4");
    }

    @Test
    void finishingIsConditionalAndTheMetaItemHasATtl() {
        DynamoDbMemoryStore store = store();
        store.create("d-2", REQUEST);
        store.appendRound("d-2", new RoundRecord(1, "3", "Three", "r1", 0.5f, 1, false, "no", AgentTrace.offline("p"),
                AgentTrace.offline("q")));
        store.appendRound("d-2", new RoundRecord(2, "4", "Four", "r2", 0.4f, 2, false, "no", AgentTrace.offline("p"),
                AgentTrace.offline("q")));
        Session running = store.require("d-2");
        Session done = store.finish(running, SessionStatus.MAX_ROUNDS, "4", null);
        assertThat(done.status()).isEqualTo(SessionStatus.MAX_ROUNDS);
        assertThat(store.finish(running, SessionStatus.MAX_ROUNDS, "4", null).status()).isEqualTo(SessionStatus.MAX_ROUNDS);
        assertThatThrownBy(() -> store.finish(running, SessionStatus.FAILED, "4", "late failure"))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("already ended as MAX_ROUNDS");
        assertThatThrownBy(() -> store.finish(store.require("d-2"), SessionStatus.FAILED, "4", "late failure"))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("already ended as MAX_ROUNDS");
        Map<String, AttributeValue> meta = client.getItem(GetItemRequest.builder().tableName(Dynalite.TABLE)
                .key(Map.of(SessionTable.PARTITION_KEY, AttributeValue.fromS("d-2"), SessionTable.SORT_KEY,
                        AttributeValue.fromS(SessionTable.META))).build()).item();
        long expires = Long.parseLong(meta.get(SessionTable.TTL_ATTRIBUTE).n());
        assertThat(expires).isBetween(done.createdAt().plus(Duration.ofDays(7)).getEpochSecond() - 5,
                done.createdAt().plus(Duration.ofDays(7)).getEpochSecond() + 5);
    }

    /** The session's items as stored, byte for byte (attribute order fixed). */
    static String items(String sessionId) {
        return client.query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(Dynalite.TABLE)
                .consistentRead(true).keyConditionExpression("#pk = :id")
                .expressionAttributeNames(Map.of("#pk", SessionTable.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(sessionId))).build()).items().stream()
                .map(item -> new java.util.TreeMap<>(item).toString()).toList().toString();
    }

    /** Issue 15, break 2: a proposal after an accepted round was stored, and the session could no longer end. */
    @Test
    void noRoundIsPlayedAfterAnAcceptedOne() {
        DynamoDbMemoryStore store = store();
        store.create("d-acc", new SessionRequest("lastfm", REQUEST.history(), REQUEST.candidates(), 3, "a", "b"));
        store.appendRound("d-acc", new RoundRecord(1, "3", "Three", "r1", 0.5f, 1, true, "yes", AgentTrace.offline("p"),
                AgentTrace.offline("q")));
        String before = items("d-acc");
        long writes = store.writes();
        assertThatThrownBy(() -> store.saveProposal(store.require("d-acc"), 2, "4", "Four", "again",
                AgentTrace.offline("p"))).isInstanceOf(SessionConflictException.class)
                .hasMessageContaining("was accepted in round 1: no round 2 can be played");
        assertThatThrownBy(() -> store.finish(store.require("d-acc"), SessionStatus.MAX_ROUNDS, "3", null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("the user accepted round 1");
        assertThat(store.writes()).as("writes sent").isEqualTo(writes);
        assertThat(items("d-acc")).isEqualTo(before);
        assertThat(store.finish(store.require("d-acc"), SessionStatus.ACCEPTED, "3", null).status())
                .isEqualTo(SessionStatus.ACCEPTED);
        String ended = items("d-acc");
        assertThatThrownBy(() -> store.saveProposal(store.require("d-acc"), 2, "4", "Four", "x", AgentTrace.offline("p")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("already ACCEPTED");
        assertThat(items("d-acc")).isEqualTo(ended);
    }

    /** The record that the result event was published: a conditional update of META, once, after the end. */
    @Test
    void theResultEventIsRecordedAsPublishedOnceTheSessionEnded() {
        DynamoDbMemoryStore store = store();
        store.create("d-pub", REQUEST);
        assertThatThrownBy(() -> store.recordResultPublished(store.require("d-pub")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("has no result event yet");
        store.appendRound("d-pub", new RoundRecord(1, "3", "Three", "r1", 0.5f, 1, true, "yes", AgentTrace.offline("p"),
                AgentTrace.offline("q")));
        Session ended = store.finish(store.require("d-pub"), SessionStatus.ACCEPTED, "3", null);
        Session published = store.recordResultPublished(store.require("d-pub"));
        assertThat(store.require("d-pub")).isEqualTo(published);
        assertThat(published.resultPublishedAt()).isNotNull();
        assertThat(published.updatedAt()).isEqualTo(ended.updatedAt());
        String recorded = items("d-pub");
        // A duplicate delivery that read the session before the record: the conditional update fails, nothing changes.
        assertThat(store.recordResultPublished(ended)).isEqualTo(published);
        assertThat(items("d-pub")).isEqualTo(recorded);
    }

    @Test
    void conflictsAndUnknownSessionsAreRefusedWithoutWriting() {
        DynamoDbMemoryStore store = store();
        store.create("d-3", REQUEST);
        assertThatThrownBy(() -> store.create("d-3", new SessionRequest("lastfm", List.of(new Item("9", "Nine")),
                REQUEST.candidates(), 2, "a", "b"))).isInstanceOf(SessionConflictException.class);
        Session read = store.require("d-3");
        assertThatThrownBy(() -> store.saveProposal(read, 2, "3", "Three", "x", AgentTrace.offline("p")))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> store.saveReward(read, 1, 1f, 1, List.of())).isInstanceOf(SessionConflictException.class)
                .hasMessageContaining("has no proposal to score");
        assertThat(store.require("d-3")).isEqualTo(read);
        assertThat(store.find("nobody")).isEmpty();
        assertThatThrownBy(() -> store.require("nobody")).isInstanceOf(SessionNotFoundException.class);
    }
}

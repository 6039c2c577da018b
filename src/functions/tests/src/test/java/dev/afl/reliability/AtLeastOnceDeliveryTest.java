package dev.afl.reliability;

import static dev.afl.reliability.FaultLedger.CASES;
import static dev.afl.reliability.FaultLedger.DUPLICATED;
import static dev.afl.reliability.FaultLedger.FAULTS;
import static dev.afl.reliability.FaultLedger.LOST;
import static dev.afl.reliability.FaultLedger.NON_TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.Dynalite;
import dev.afl.TestData;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.UserAgent;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.app.AgentFactory;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import dev.afl.memory.dynamodb.SessionTable;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.reliability.SessionInvariants.Played;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * At-least-once delivery: LastFM sessions played step by step with every step delivered twice and a crash
 * injected after a share of the store writes (the write is stored, the reply is lost, the step is delivered
 * again), with the offline agents and with LLM agents on a local chat-completions server. Every session must end
 * with the transcript a fault-free run produces: no round lost or duplicated, each agent asked once per round.
 */
@QuarkusTest
@QuarkusTestResource(value = ReliabilityLlm.class, restrictToAnnotatedClass = true)
class AtLeastOnceDeliveryTest {

    static final int SESSIONS = 20;
    static final double CRASH_SHARE = 0.3;

    static Dataset lastfm;
    static ModelRegistry models;
    static LoopModels loopModels;
    static List<EvaluationCase> cases;
    static Dynalite dynalite;
    /** The fault-free transcript of each case, per agent kind (computed once, compared by both stores). */
    static final Map<String, List<Played>> FAULT_FREE = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    AgentFactory agents;

    @BeforeAll
    static void start() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        models = new ModelRegistry();
        loopModels = LoopModels.of("lastfm", models.bundled("lastfm", "gru4rec", lastfm.catalog()),
                models.bundled("lastfm", "sasrec", lastfm.catalog()));
        cases = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).subList(0, SESSIONS);
        dynalite = Dynalite.start();
    }

    @AfterAll
    static void stop() {
        if (dynalite != null) {
            dynalite.close();
        }
        if (models != null) {
            models.close();
        }
    }

    @Test
    void theDynamoDbStoreLosesAndDuplicatesNoRound() {
        for (boolean llm : new boolean[] {false, true}) {
            CrashAfterWrite crash = new CrashAfterWrite(llm ? 17 : 7, CRASH_SHARE);
            try (DynamoDbClient client = dynalite.client(crash)) {
                MemoryStore store = new DynamoDbMemoryStore(client, Dynalite.TABLE, Duration.ofDays(1));
                FaultLedger ledger = new FaultLedger("at-least-once-dynamodb-" + (llm ? "llm" : "offline"),
                        "every step delivered twice; an SDK interceptor on the real DynamoDB client (dynalite) fails "
                                + CRASH_SHARE + " of the successful writes after they are stored");
                play("ddb", llm, store, ledger, session -> assertEveryRoundIsOneItem(client, session));
                assertThat(crash.crashes()).as("crashes injected").isPositive();
                ledger.add(FAULTS, crash.crashes()).add("storeWrites", crash.writes()).write();
            }
        }
    }

    @Test
    void theFileStoreLosesAndDuplicatesNoRound(@TempDir Path folder) {
        for (boolean llm : new boolean[] {false, true}) {
            CrashingMemoryStore store = new CrashingMemoryStore(new FileMemoryStore(folder), llm ? 19 : 11,
                    CRASH_SHARE);
            FaultLedger ledger = new FaultLedger("at-least-once-file-" + (llm ? "llm" : "offline"),
                    "every step delivered twice; the file store fails " + CRASH_SHARE
                            + " of its writes after the file is replaced");
            play("file", llm, store, ledger, session -> { });
            assertThat(store.crashes()).as("crashes injected").isPositive();
            ledger.add(FAULTS, store.crashes()).add("storeWrites", store.writes()).write();
        }
    }

    private void play(String prefix, boolean llm, MemoryStore store, FaultLedger ledger, Consumer<Session> stored) {
        ScriptedChatServer server = ReliabilityLlm.server;
        server.script();
        server.respondWith(new WellBehavedLlm());
        RecommendationAgent recommender = llm ? agents.recommendationAgent() : new OfflineRecommendationAgent();
        UserAgent user = llm ? agents.userAgent() : new OfflineUserAgent(agents.rewardVerdict());
        AtLeastOnceDelivery delivery = new AtLeastOnceDelivery(new FeedbackLoop(loopModels, recommender, user, store));
        FeedbackLoop faultFree = new FeedbackLoop(loopModels, recommender, user, new InMemoryMemoryStore());
        for (int i = 0; i < cases.size(); i++) {
            String id = prefix + "-" + (llm ? "llm" : "offline") + "-" + i;
            EvaluationCase c = cases.get(i);
            List<Played> expected = FAULT_FREE.computeIfAbsent(llm + "/" + i,
                    key -> Played.of(faultFree.run(request("fault-free-" + key.replace('/', '-'), c))));
            int asked = server.requests().size();
            delivery.play(request(id, c));
            int calls = server.requests().size() - asked;

            Session session = store.require(id);
            SessionInvariants.check(session);
            List<Played> played = Played.of(session);
            ledger.add(CASES, 1).add(LOST, Math.max(0, expected.size() - played.size()))
                    .add(DUPLICATED, Math.max(0, played.size() - expected.size()))
                    .add(NON_TERMINAL, session.status().terminal() ? 0 : 1).add("rounds", played.size())
                    .add("llmCalls", calls);
            assertThat(played).as("transcript of %s", id).isEqualTo(expected);
            assertThat(session.status()).isIn(SessionStatus.ACCEPTED, SessionStatus.MAX_ROUNDS);
            stored.accept(session);
            if (llm) {
                assertThat(calls).as("LLM calls of %s: one per agent per round", id).isEqualTo(2 * played.size());
                assertThat(session.rounds()).allSatisfy(round -> {
                    assertThat(round.recommender().attempts()).isEqualTo(1);
                    assertThat(round.user().attempts()).isEqualTo(1);
                    assertThat(round.recommender().fallback() || round.user().fallback()).isFalse();
                });
            } else {
                assertThat(calls).isZero();
            }
        }
        ledger.add("deliveries", delivery.deliveries()).add("redeliveriesAfterCrash", delivery.redeliveries());
        assertThat(ledger.get(LOST) + ledger.get(DUPLICATED) + ledger.get(NON_TERMINAL)).isZero();
    }

    /** In the table itself: one item per round, each with its judgement, besides the session's META item. */
    private static void assertEveryRoundIsOneItem(DynamoDbClient client, Session session) {
        List<Map<String, AttributeValue>> items = client.query(QueryRequest.builder().tableName(Dynalite.TABLE)
                .consistentRead(true).keyConditionExpression("#pk = :id")
                .expressionAttributeNames(Map.of("#pk", SessionTable.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(session.id()))).build()).items();
        List<String> keys = items.stream().map(item -> item.get(SessionTable.SORT_KEY).s()).toList();
        List<String> expected = new java.util.ArrayList<>(List.of(SessionTable.META));
        session.rounds().stream().map(RoundRecord::round).map(SessionTable::roundKey).forEach(expected::add);
        assertThat(keys).as("items of %s", session.id()).containsExactlyElementsOf(expected);
        assertThat(items.stream().filter(item -> !item.get(SessionTable.SORT_KEY).s().equals(SessionTable.META)))
                .allSatisfy(item -> assertThat(item).containsKey("judgement"));
    }

    static RefinementRequest request(String id, EvaluationCase c) {
        return new RefinementRequest(id, "lastfm", c.history().stream().map(lastfm.catalog()::require).toList(),
                c.candidates().stream().map(lastfm.catalog()::require).toList(), 4);
    }
}

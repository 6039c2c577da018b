package dev.afl.reliability;

import static dev.afl.reliability.FaultLedger.CASES;
import static dev.afl.reliability.FaultLedger.DUPLICATED;
import static dev.afl.reliability.FaultLedger.FAULTS;
import static dev.afl.reliability.FaultLedger.LOST;
import static dev.afl.reliability.FaultLedger.NON_TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.Dynalite;
import dev.afl.TestData;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.reliability.FaultyDynamoProxy.Answer;
import dev.afl.reliability.SessionInvariants.Played;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * DynamoDB faults against dynalite: throttling answered by a proxy in front of it (the real SDK client parses the
 * error and applies its retry policy), and writers racing for the same session (its conditional writes decide).
 * Readers polling the session meanwhile must never see it complete with a round missing or in progress.
 */
class DynamoDbFaultsTest {

    static Dynalite dynalite;
    static FaultyDynamoProxy proxy;
    static Dataset lastfm;
    static ModelRegistry models;
    static LoopModels loopModels;
    static List<EvaluationCase> cases;
    static final RewardVerdict VERDICT = new RewardVerdict(1, 3);
    /** The SDK's attempts per DynamoDB call (its DynamoDB default: 1 + 8 retries). */
    static final int SDK_ATTEMPTS = 9;
    static final int RACES = 12;

    @BeforeAll
    static void start() throws Exception {
        dynalite = Dynalite.start();
        proxy = new FaultyDynamoProxy(dynalite.endpoint());
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        models = new ModelRegistry();
        loopModels = LoopModels.of("lastfm", models.bundled("lastfm", "gru4rec", lastfm.catalog()),
                models.bundled("lastfm", "sasrec", lastfm.catalog()));
        cases = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        dynalite.close();
        models.close();
    }

    @Test
    void transientThrottlingIsAbsorbedByTheSdkRetriesAndLosesNothing() {
        FaultLedger ledger = new FaultLedger("dynamodb-throttling-transient", "a proxy in front of dynalite answers"
                + " each write's and read's first two attempts with HTTP 400 ProvisionedThroughputExceededException or"
                + " ThrottlingException (alternately), nothing stored; the SDK's default retry policy retries");
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        proxy.resetCounts();
        proxy.rule((operation, body) -> {
            int attempt = attempts.computeIfAbsent(operation + body, k -> new AtomicInteger()).incrementAndGet();
            if (attempt > 2) {
                return Answer.FORWARD;
            }
            return calls.incrementAndGet() % 2 == 0 ? Answer.THROTTLING : Answer.PROVISIONED_THROUGHPUT_EXCEEDED;
        });
        try (DynamoDbClient client = client()) {
            MemoryStore store = new DynamoDbMemoryStore(client, Dynalite.TABLE, Duration.ofDays(1));
            FeedbackLoop throttled = loop(new OfflineRecommendationAgent(), store);
            FeedbackLoop faultFree = loop(new OfflineRecommendationAgent(), new InMemoryMemoryStore());
            for (int i = 0; i < 10; i++) {
                String id = "throttled-" + i;
                List<Played> expected = Played.of(faultFree.run(request(id, cases.get(i))));
                Session session = throttled.run(request(id, cases.get(i)));
                SessionInvariants.check(session);
                assertThat(store.require(id)).isEqualTo(session);
                assertThat(Played.of(session)).isEqualTo(expected);
                ledger.add(CASES, 1).add(LOST, Math.max(0, expected.size() - session.rounds().size()))
                        .add(DUPLICATED, Math.max(0, session.rounds().size() - expected.size()))
                        .add(NON_TERMINAL, session.status().terminal() ? 0 : 1).add("rounds", session.rounds().size());
            }
        } finally {
            proxy.rule((operation, body) -> Answer.FORWARD);
        }
        int throttles = proxy.count(Answer.PROVISIONED_THROUGHPUT_EXCEEDED.name()) + proxy.count(Answer.THROTTLING.name());
        assertThat(throttles).isPositive();
        assertThat(proxy.count(Answer.THROTTLING.name())).isPositive();
        ledger.add(FAULTS, throttles).add("forwarded", proxy.count(Answer.FORWARD.name())).write();
        assertThat(ledger.get(LOST) + ledger.get(DUPLICATED) + ledger.get(NON_TERMINAL)).isZero();
    }

    @Test
    void persistentThrottlingOfAWriteFailsTheStepCleanlyAndTheSessionEndsFailedWithItsRounds() {
        FaultLedger ledger = new FaultLedger("dynamodb-throttling-persistent", "the proxy throttles every attempt to"
                + " write round 2 (ProvisionedThroughputExceededException); the in-process loop records the failure");
        // Round 1 of case 17 is rejected by the offline agents, so the session reaches round 2.
        EvaluationCase c = cases.get(17);
        Session faultFree = loop(new OfflineRecommendationAgent(), new InMemoryMemoryStore()).run(request("free", c));
        assertThat(faultFree.rounds().size()).as("the case needs a second round").isGreaterThan(1);
        proxy.resetCounts();
        proxy.rule((operation, body) -> body.contains("ROUND#0002") && !operation.equals("Query")
                ? Answer.PROVISIONED_THROUGHPUT_EXCEEDED : Answer.FORWARD);
        try (DynamoDbClient client = client()) {
            MemoryStore store = new DynamoDbMemoryStore(client, Dynalite.TABLE, Duration.ofDays(1));
            assertThatThrownBy(() -> loop(new OfflineRecommendationAgent(), store).run(request("throttled-out", c)))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            Session session = store.require("throttled-out");
            SessionInvariants.check(session);
            assertThat(session.status()).isEqualTo(SessionStatus.FAILED);
            assertThat(session.failure()).startsWith("ProvisionedThroughputExceededException");
            assertThat(Played.of(session)).containsExactly(Played.of(faultFree).getFirst());
            assertThat(session.pending()).as("the throttled write never landed").isNull();
            int tries = proxy.count(Answer.PROVISIONED_THROUGHPUT_EXCEEDED.name());
            assertThat(tries).as("the SDK's attempts at the throttled write").isEqualTo(SDK_ATTEMPTS);
            ledger.add(CASES, 1).add(FAULTS, tries).add("sdkAttemptsAtTheThrottledWrite", tries)
                    .add(NON_TERMINAL, session.status().terminal() ? 0 : 1)
                    .add("sessionsFailed", session.status() == SessionStatus.FAILED ? 1 : 0).write();
        } finally {
            proxy.rule((operation, body) -> Answer.FORWARD);
        }
    }

    @Test
    void writersRacingForASessionLeaveOneRecordOfEachStepAndReadersNeverSeeAPartialCompleteSession()
            throws Exception {
        FaultLedger ledger = new FaultLedger("dynamodb-racing-writers", "two loops (two clients) play each session"
                + " at the same time; two readers poll it meanwhile; DynamoDB's condition checks decide every step");
        proxy.resetCounts();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean racing = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> readerProblems = java.util.Collections.synchronizedList(new ArrayList<>());
        try (DynamoDbClient a = client(); DynamoDbClient b = client();
                DynamoDbClient reader = dynalite.client()) {
            MemoryStore storeA = new DynamoDbMemoryStore(a, Dynalite.TABLE, Duration.ofDays(1));
            MemoryStore storeB = new DynamoDbMemoryStore(b, Dynalite.TABLE, Duration.ofDays(1));
            MemoryStore readerStore = new DynamoDbMemoryStore(reader, Dynalite.TABLE, Duration.ofDays(1));
            for (int i = 0; i < RACES; i++) {
                String id = "race-" + i;
                RefinementRequest request = request(id, cases.get(30 + i));
                CountDownLatch go = new CountDownLatch(1);
                racing.set(true);
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        while (racing.get()) {
                            try {
                                readerStore.find(id).ifPresent(SessionInvariants::check);
                                reads.incrementAndGet();
                            } catch (AssertionError e) {
                                readerProblems.add(e.getMessage());
                            }
                        }
                    }));
                }
                Future<Session> first = pool.submit(() -> {
                    go.await();
                    return loop(new Tagged("A"), storeA).run(request);
                });
                Future<Session> second = pool.submit(() -> {
                    go.await();
                    return loop(new Tagged("B"), storeB).run(request);
                });
                go.countDown();
                Session fromA = first.get();
                Session fromB = second.get();
                racing.set(false);
                for (Future<?> readerDone : readers) {
                    readerDone.get();
                }
                Session stored = readerStore.require(id);
                SessionInvariants.check(stored);
                for (Session seen : List.of(fromA, fromB)) {
                    assertThat(Played.of(seen)).as("%s as each writer saw it", id).isEqualTo(Played.of(stored));
                    assertThat(seen.status()).isEqualTo(stored.status());
                    assertThat(seen.finalItemId()).isEqualTo(stored.finalItemId());
                }
                assertThat(stored.status()).isIn(SessionStatus.ACCEPTED, SessionStatus.MAX_ROUNDS);
                for (RoundRecord round : stored.rounds()) {
                    String writer = round.recommendationReason().substring(0, 3);
                    assertThat(writer).as("each proposal is one writer's").isIn("[A]", "[B]");
                    ledger.add("roundsProposedBy" + writer.charAt(1), 1);
                }
                ledger.add(CASES, 1).add(NON_TERMINAL, stored.status().terminal() ? 0 : 1)
                        .add("rounds", stored.rounds().size());
            }
        } finally {
            racing.set(false);
            pool.shutdownNow();
        }
        assertThat(readerProblems).as("what readers saw").isEmpty();
        ledger.add("conditionalCheckFailures", proxy.count(FaultyDynamoProxy.CONDITIONAL_CHECK_FAILED))
                .add(FAULTS, proxy.count(FaultyDynamoProxy.CONDITIONAL_CHECK_FAILED)).add("readerReads", reads.get())
                .add("readerViolations", readerProblems.size()).write();
        assertThat(proxy.count(FaultyDynamoProxy.CONDITIONAL_CHECK_FAILED)).as("the writers did race").isPositive();
    }

    /**
     * A client through the proxy with the SDK's retry policy for DynamoDB as the functions get it (the legacy
     * strategy: 9 attempts, throttling errors retried), its delays cut to milliseconds: with the default delays a
     * persistently throttled write takes about 50 s to give up, too long for the suite.
     */
    private static DynamoDbClient client() {
        return Dynalite.client(proxy.endpoint(), c -> c.retryStrategy(AwsRetryStrategy.legacyRetryStrategy().toBuilder()
                .maxAttempts(SDK_ATTEMPTS).backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(2),
                        Duration.ofMillis(20)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
                .build()));
    }

    private static FeedbackLoop loop(RecommendationAgent recommender, MemoryStore store) {
        return new FeedbackLoop(loopModels, recommender, new OfflineUserAgent(VERDICT), store);
    }

    static RefinementRequest request(String id, EvaluationCase c) {
        return new RefinementRequest(id, "lastfm", c.history().stream().map(lastfm.catalog()::require).toList(),
                c.candidates().stream().map(lastfm.catalog()::require).toList(), 4);
    }

    /** The offline recommendation agent, its reasons marked with the writer's name (who won the race is visible). */
    private record Tagged(String writer) implements RecommendationAgent {

        private static final OfflineRecommendationAgent AGENT = new OfflineRecommendationAgent();

        @Override
        public Proposal propose(RecommendationTask task) {
            Proposal proposal = AGENT.propose(task);
            return new Proposal(proposal.itemId(), "[" + writer + "] " + proposal.reason(), proposal.trace());
        }

        @Override
        public Shortlist shortlist(RecommendationTask task, int size) {
            return AGENT.shortlist(task, size);
        }

        @Override
        public String kind() {
            return AGENT.kind();
        }
    }
}

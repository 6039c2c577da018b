package dev.afl.reliability;

import static dev.afl.agent.llm.ScriptedChatServer.rawBody;
import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static dev.afl.agent.llm.ScriptedChatServer.status;
import static dev.afl.agent.llm.ScriptedChatServer.tooManyRequests;
import static dev.afl.reliability.FaultLedger.CASES;
import static dev.afl.reliability.FaultLedger.DUPLICATED;
import static dev.afl.reliability.FaultLedger.FAULTS;
import static dev.afl.reliability.FaultLedger.LOST;
import static dev.afl.reliability.FaultLedger.NON_TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.TestData;
import dev.afl.agent.llm.LlmPolicy;
import dev.afl.agent.llm.LlmRecommendationAgent;
import dev.afl.agent.llm.LlmUnavailableException;
import dev.afl.agent.llm.LlmUserAgent;
import dev.afl.agent.llm.RecommenderAssistant;
import dev.afl.agent.llm.ScriptedChatServer.Step;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.UserAssistant;
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
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.onnx.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LLM faults through the in-process loop, against a local chat-completions server: each fault (a reply slower than
 * the call timeout, 429 with Retry-After, 500, a connection dropped mid-response, a truncated JSON body, a
 * completion without choices) played in round 2 of a session: once to the recommender (a retry recovers) and
 * until the bounds are spent to the user agent (the fallback is taken), and, with {@code on-unavailable=fail}, until
 * the bounds are spent to the recommender (the session ends FAILED with round 1 kept); and a 429 whose Retry-After
 * is beyond the cap, given up on at once. Asserted: the exact number of requests (the OpenAI client tries each call
 * once; our call retries are the only ones), the waits between retries (Retry-After honoured), the fallback with
 * its reason, every session terminal.
 */
@QuarkusTest
@QuarkusTestResource(value = ReliabilityLlm.class, restrictToAnnotatedClass = true)
class LlmFaultsTest {

    /** The faults as the server plays them; {@code waitMillis}: the least wait before the retry that follows. */
    enum Fault {
        TIMEOUT(ReliabilityLlm.BACKOFF_MILLIS, () -> slowReply("Reason: late.\nDecision: yes", 1500)),
        // Retry-After: 1 is within the cap (2 s): the retry waits for it, far longer than the backoff.
        TOO_MANY_REQUESTS(1000, () -> tooManyRequests("1")),
        SERVER_ERROR(ReliabilityLlm.BACKOFF_MILLIS, () -> status(500)),
        CONNECTION_DROPPED(ReliabilityLlm.BACKOFF_MILLIS, ScriptedChatServer::disconnect),
        TRUNCATED_JSON(ReliabilityLlm.BACKOFF_MILLIS, () -> rawBody("{\"id\": \"chatcmpl-test\", \"object\":"
                + " \"chat.completion\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
                + " \"content\": \"Reason: x\\nIt")),
        EMPTY_CHOICES(ReliabilityLlm.BACKOFF_MILLIS, ScriptedChatServer::emptyChoices);

        final long waitMillis;
        final Supplier<Step> step;

        Fault(long waitMillis, Supplier<Step> step) {
            this.waitMillis = waitMillis;
            this.step = step;
        }

        /** Requests of an agent turn whose every call fails: 1 + call-retries, one request each. */
        static int persistent() {
            return 1 + ReliabilityLlm.CALL_RETRIES;
        }
    }

    /**
     * Requests one agent turn may make: 1 + re-asks answers, each of 1 + call-retries calls of one request (the
     * OpenAI client does not retry).
     */
    static final int REQUEST_BOUND = (1 + ReliabilityLlm.RE_ASKS) * (1 + ReliabilityLlm.CALL_RETRIES);

    static Dataset lastfm;
    static ModelRegistry models;
    static LoopModels loopModels;
    static EvaluationCase testCase;
    static final FaultLedger LEDGER = new FaultLedger("llm-faults", "a local OpenAI-compatible server scripted to"
            + " time out (1.5 s reply, 1 s timeout), answer 429 (Retry-After: 1; or beyond the 2 s cap: 30 s, an"
            + " HTTP date a minute ahead) or 500, drop the connection mid-response, send truncated JSON or no"
            + " choices, in round 2 of in-process sessions");

    @Inject
    RecommenderAssistant recommenderLlm;
    @Inject
    UserAssistant userLlm;
    @Inject
    AgentFactory agents;

    @BeforeAll
    static void load() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        models = new ModelRegistry();
        loopModels = LoopModels.of("lastfm", models.bundled("lastfm", "gru4rec", lastfm.catalog()),
                models.bundled("lastfm", "sasrec", lastfm.catalog()));
        testCase = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(21);
    }

    @AfterAll
    static void close() {
        LEDGER.write();
        models.close();
    }

    @Test
    void aFaultOnceIsRetriedAndAFaultThatPersistsTakesTheFallback() {
        ScriptedChatServer server = ReliabilityLlm.server;
        server.respondWith(null);
        for (Fault fault : Fault.values()) {
            String id = "llm-fallback-" + fault.name().toLowerCase(java.util.Locale.ROOT);
            List<Step> steps = new ArrayList<>(List.of(pick(0), decision(false), fault.step.get(), pick(1)));
            steps.addAll(Collections.nCopies(Fault.persistent(), null));
            server.script(steps.stream().map(step -> step == null ? fault.step.get() : step).toArray(Step[]::new));

            Session session = run(id, false, null);
            assertThat(server.remainingSteps()).as("%s: every scripted answer used, none more", id).isZero();
            assertThat(server.requests()).as(id).hasSize(2 + 2 + Fault.persistent());
            assertThat(Fault.persistent()).isLessThanOrEqualTo(REQUEST_BOUND);
            List<Long> arrivals = server.arrivals();
            assertWaited(id, arrivals, 2, 3, fault.waitMillis);
            for (int i = 5; i < arrivals.size(); i++) {
                assertWaited(id, arrivals, i - 1, i, fault.waitMillis);
            }
            assertThat(session.status()).as(id).isIn(SessionStatus.ACCEPTED, SessionStatus.MAX_ROUNDS);
            assertThat(session.rounds()).as(id).hasSize(2);
            RoundRecord faulted = session.rounds().get(1);
            assertThat(faulted.recommender().fallback()).as("%s: the recommender recovered", id).isFalse();
            assertThat(faulted.itemId()).isEqualTo(testCase.candidates().get(1));
            assertThat(faulted.user().fallback()).as("%s: the user agent fell back", id).isTrue();
            assertThat(faulted.user().fallbackReason()).as(id).contains("LLM call failed after 2 tries");
            assertThat(faulted.user().fallbackReason()).as(id).startsWith("Fallback to the reward model's verdict");
            assertThat(faulted.userReason()).as(id).doesNotContain("Fallback", "LLM call");
            assertThat(faulted.accepted()).as(id).isEqualTo(faulted.rewardRank() == 1);
            LEDGER.add(CASES, 1).add(FAULTS, 1 + Fault.persistent()).add("recoveredByRetry", 1)
                    .add("fallbacksTaken", 1).add("requests", server.requests().size());
        }
        assertThat(LEDGER.get(LOST) + LEDGER.get(DUPLICATED) + LEDGER.get(NON_TERMINAL)).isZero();
    }

    @Test
    void withOnUnavailableFailAFaultThatPersistsFailsTheSessionKeepingItsRounds() {
        ScriptedChatServer server = ReliabilityLlm.server;
        server.respondWith(null);
        for (Fault fault : Fault.values()) {
            if (fault == Fault.TIMEOUT) {
                continue; // the same path as every call failure, and the slowest to play
            }
            String id = "llm-fail-" + fault.name().toLowerCase(java.util.Locale.ROOT);
            List<Step> steps = new ArrayList<>(List.of(pick(0), decision(false)));
            steps.addAll(Collections.nCopies(Fault.persistent(), null));
            server.script(steps.stream().map(step -> step == null ? fault.step.get() : step).toArray(Step[]::new));

            Session session = run(id, true, LlmUnavailableException.class);
            assertThat(server.remainingSteps()).as(id).isZero();
            assertThat(server.requests()).as(id).hasSize(2 + Fault.persistent());
            assertWaited(id, server.arrivals(), 2, 3, fault.waitMillis);
            assertThat(session.status()).as(id).isEqualTo(SessionStatus.FAILED);
            assertThat(session.failure()).as(id).contains("LlmUnavailableException", "LLM call failed after 2 tries");
            assertThat(session.rounds()).as("%s: round 1 kept", id).hasSize(1);
            assertThat(session.pending()).as("%s: round 2 never proposed", id).isNull();
            LEDGER.add(CASES, 1).add(FAULTS, Fault.persistent()).add("sessionsFailed", 1)
                    .add("requests", server.requests().size());
        }
    }

    @Test
    void aRetryAfterBeyondTheCapGivesTheCallUpAtOnce() {
        ScriptedChatServer server = ReliabilityLlm.server;
        server.respondWith(null);
        // The user agent is asked to come back in 30 s (cap 2 s): no retry, no wait, the reward model's verdict.
        server.script(pick(0), decision(false), pick(1), tooManyRequests("30"));
        long started = System.nanoTime();
        Session session = run("llm-retry-after-beyond-cap", false, null);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(server.remainingSteps()).isZero();
        assertThat(server.requests()).as("the 429 is not retried").hasSize(4);
        RoundRecord faulted = session.rounds().get(1);
        assertThat(faulted.user().fallback()).isTrue();
        assertThat(faulted.user().fallbackReason()).contains("LLM call given up after 1 try",
                "asks to retry after 30 s, longer than afl.llm.max-retry-after (2 s)");
        assertThat(faulted.user().latencyMillis()).as("gave up without waiting").isLessThan(1000);
        assertThat(tookMillis).as("the whole session, far from the 30 s asked").isLessThan(10_000);
        LEDGER.add(CASES, 1).add(FAULTS, 1).add("fallbacksTaken", 1).add("givenUpBeyondTheCap", 1)
                .add("requests", server.requests().size());

        // The same as an HTTP date, to the recommender with on-unavailable=fail: the session fails at once.
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(60));
        server.script(pick(0), decision(false), tooManyRequests(inAMinute));
        Session failed = run("llm-retry-after-date-beyond-cap", true, LlmUnavailableException.class);
        assertThat(server.remainingSteps()).isZero();
        assertThat(server.requests()).as("the 429 is not retried").hasSize(3);
        assertThat(failed.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(failed.failure()).contains("LlmUnavailableException", "LLM call given up after 1 try",
                "longer than afl.llm.max-retry-after (2 s)");
        assertThat(failed.rounds()).hasSize(1);
        LEDGER.add(CASES, 1).add(FAULTS, 1).add("sessionsFailed", 1).add("givenUpBeyondTheCap", 1)
                .add("requests", server.requests().size());
    }

    /** Plays a two-round session (round 1 is scripted clean and rejected); checks it ended and reads it back. */
    private Session run(String id, boolean failWhenUnavailable, Class<? extends Throwable> thrown) {
        MemoryStore store = new InMemoryMemoryStore();
        LlmPolicy policy = new LlmPolicy(ReliabilityLlm.RE_ASKS, ReliabilityLlm.CALL_RETRIES,
                Duration.ofMillis(ReliabilityLlm.BACKOFF_MILLIS), Duration.ofSeconds(ReliabilityLlm.MAX_RETRY_AFTER_SECONDS),
                failWhenUnavailable, Duration.ofMillis(ReliabilityLlm.TIMEOUT_MILLIS), Duration.ZERO);
        FeedbackLoop loop = new FeedbackLoop(loopModels, new LlmRecommendationAgent(recommenderLlm::chat,
                agents.prompts(), policy, "scripted-recommender"), new LlmUserAgent(userLlm::chat, agents.prompts(),
                policy, "scripted-user", agents.rewardVerdict()), store);
        RefinementRequest request = new RefinementRequest(id, "lastfm",
                testCase.history().stream().map(lastfm.catalog()::require).toList(),
                testCase.candidates().stream().map(lastfm.catalog()::require).toList(), 2);
        if (thrown != null) {
            assertThatThrownBy(() -> loop.run(request)).as(id).isInstanceOf(thrown);
        } else {
            loop.run(request);
        }
        Session session = store.require(id);
        SessionInvariants.check(session);
        LEDGER.add(NON_TERMINAL, session.status().terminal() ? 0 : 1).add(LOST, session.rounds().isEmpty() ? 1 : 0);
        assertThat(session.rounds().getFirst().accepted()).isFalse();
        return session;
    }

    /** Request {@code later} came at least {@code millis} after request {@code earlier}: a retry waited. */
    private static void assertWaited(String id, List<Long> arrivals, int earlier, int later, long millis) {
        long waitedMillis = (arrivals.get(later) - arrivals.get(earlier)) / 1_000_000;
        assertThat(waitedMillis).as("%s: wait between requests %d and %d", id, earlier, later)
                .isGreaterThanOrEqualTo(millis);
        LEDGER.add("retriesAfterAWait", 1);
    }

    private static Step pick(int candidate) {
        return reply("Reason: a good fit.\nItem: " + lastfm.catalog().require(testCase.candidates().get(candidate))
                .title());
    }

    private static Step decision(boolean yes) {
        return reply("Reason: my view.\nDecision: " + (yes ? "yes" : "no"));
    }
}

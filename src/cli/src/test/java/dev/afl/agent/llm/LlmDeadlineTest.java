package dev.afl.agent.llm;

import static dev.afl.agent.llm.ScriptedChatServer.echoAuthorization;
import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.stall;
import static dev.afl.agent.llm.ScriptedChatServer.trickle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.afl.Deadline;
import dev.afl.agent.Judgement;
import dev.afl.agent.Proposal;
import dev.afl.app.AgentFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each LLM call has one total deadline, the body included, enforced by the agents; the work's deadline (a session's
 * time budget, a Lambda invocation's time) cuts a call in flight; an abandoned call leaves no connection open; the
 * agents rest an LLM whose call failed for good; a refused key stops the turn; an error body never comes back
 * verbatim. Against the scripted server: a reply stalled after its first bytes, one sent a byte every half second,
 * and error answers that echo the Authorization header. Before the deadline was the agents', the stalled and the
 * trickled reply held the call until the server gave up (a minute here, for ever in the issue).
 */
@QuarkusTest
@QuarkusTestResource(value = LlmDeadlineTest.Server.class, restrictToAnnotatedClass = true)
class LlmDeadlineTest {

    /** The configured key: not shaped like any known key, so only its being configured can redact it. */
    static final String KEY = "AFLk3y7f3c9e2b1d4a5f60e8";
    static final long DEADLINE_MILLIS = 1000;

    /** The scripted server, each call's deadline 1 s, one call retry, a short backoff, this key. */
    public static class Server implements QuarkusTestResourceLifecycleManager {

        static ScriptedChatServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = new ScriptedChatServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new HashMap<>(ScriptedChatServerResource.configFor(server));
            for (String agent : new String[] {"recommender", "user"}) {
                config.put("quarkus.langchain4j.openai." + agent + ".timeout", DEADLINE_MILLIS + "ms");
                config.put("quarkus.langchain4j.openai." + agent + ".api-key", KEY);
            }
            config.put("afl.llm.call-retries", "1");
            config.put("afl.llm.backoff", "10ms");
            return config;
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }

    @Inject
    AgentFactory agents;
    @Inject
    RecommenderAssistant recommenderLlm;
    @Inject
    UserAssistant userLlm;

    ScriptedChatServer server;

    @BeforeEach
    void setUp() {
        server = Server.server;
        server.respondWith(null);
    }

    @Test
    void aReplyStalledAfterItsFirstBytesEndsAtTheDeadline() {
        server.script(stall(), stall());
        long started = System.nanoTime();
        Proposal proposal = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> agents.recommendationAgent().propose(LlmAgentsWireTest.task(List.of())));
        long tookMillis = millisSince(started);
        assertThat(proposal.trace().fallback()).isTrue();
        assertThat(proposal.trace().fallbackReason()).contains("LLM call failed after 2 tries: no complete answer"
                + " within 1000 ms (the call deadline, AFL_LLM_TIMEOUT)");
        assertThat(server.requests()).hasSize(2);
        assertThat(tookMillis).as("two calls of at most 1 s and a short backoff").isBetween(2 * DEADLINE_MILLIS,
                2 * DEADLINE_MILLIS + 1500);
    }

    @Test
    void aTrickledReplyEndsAtTheDeadlineAndItsConnectionIsClosed() {
        server.script(trickle(), trickle());
        long started = System.nanoTime();
        Judgement judgement = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> agents.userAgent().judge(LlmAgentsWireTest.judgement("It fits.")));
        long tookMillis = millisSince(started);
        assertThat(judgement.trace().fallback()).isTrue();
        assertThat(judgement.trace().fallbackReason()).contains("no complete answer within 1000 ms");
        assertThat(tookMillis).isBetween(2 * DEADLINE_MILLIS, 2 * DEADLINE_MILLIS + 1500);
        // The abandoned requests were reset: the server saw both clients leave mid-body, and holds none.
        await("both trickled replies find their client gone", () -> server.leftMidBody().size() == 2,
                () -> server.leftMidBody().size() + " of 2, " + server.trickling() + " still trickling");
        await("no trickled reply left open", () -> server.trickling() == 0);
    }

    @Test
    void abandonedCallsLeaveNoConnectionBehind() throws Exception {
        int calls = 24;
        List<ScriptedChatServer.Step> trickles = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            trickles.add(trickle());
        }
        server.script(trickles.toArray(ScriptedChatServer.Step[]::new));
        LlmPolicy oneTry = new LlmPolicy(0, 0, Duration.ofMillis(10), Duration.ofSeconds(1), false,
                Duration.ofMillis(DEADLINE_MILLIS), Duration.ZERO);
        long started = System.nanoTime();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Proposal>> proposals = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                LlmRecommendationAgent agent = new LlmRecommendationAgent(recommenderLlm::chat, agents.prompts(),
                        oneTry, "scripted-recommender");
                proposals.add(callers.submit(() -> agent.propose(LlmAgentsWireTest.task(List.of()))));
            }
            for (Future<Proposal> proposal : proposals) {
                assertThat(proposal.get().trace().fallback()).isTrue();
            }
        }
        assertThat(millisSince(started)).as("every call cut at its own deadline, at once").isLessThan(
                DEADLINE_MILLIS + 2000);
        assertThat(server.requests()).hasSize(calls);
        await("every trickled reply finds its client gone", () -> server.leftMidBody().size() == calls);
        await("no trickled reply left open", () -> server.trickling() == 0);
    }

    @Test
    void afterACallFailsForGoodTheAgentsThatCallThatLlmRestIt() {
        LlmAvailability shared = new LlmAvailability();
        LlmPolicy resting = new LlmPolicy(2, 1, Duration.ofMillis(10), Duration.ofSeconds(1), false,
                Duration.ofMillis(DEADLINE_MILLIS), Duration.ofSeconds(30));
        LlmRecommendationAgent recommender = new LlmRecommendationAgent(recommenderLlm::chat, agents.prompts(), resting,
                "scripted", shared);
        LlmUserAgent user = new LlmUserAgent(userLlm::chat, agents.prompts(), resting, "scripted",
                agents.rewardVerdict(), shared);
        server.script(stall(), stall(), reply("Reason: x\nItem: Radiohead"));
        assertThat(recommender.propose(LlmAgentsWireTest.task(List.of())).trace().fallback()).isTrue();
        long started = System.nanoTime();
        Proposal rested = recommender.propose(LlmAgentsWireTest.task(List.of()));
        Judgement judged = user.judge(LlmAgentsWireTest.judgement("It fits."));
        assertThat(millisSince(started)).isLessThan(500);
        assertThat(server.requests()).as("not asked while it rests").hasSize(2);
        assertThat(rested.trace().fallback()).isTrue();
        assertThat(rested.trace().attempts()).isZero();
        assertThat(rested.trace().fallbackReason()).contains("not asked: a call failed for good",
                "afl.llm.unavailable-cooldown");
        assertThat(rested.reason()).as("the reason the user agent reads stays neutral").doesNotContain("not asked");
        assertThat(judged.trace().fallbackReason()).as("the other agent of that LLM rests it too")
                .contains("not asked: a call failed for good");
        // An agent of another LLM (or another process) asks.
        LlmRecommendationAgent elsewhere = new LlmRecommendationAgent(recommenderLlm::chat, agents.prompts(), resting,
                "scripted");
        assertThat(elsewhere.propose(LlmAgentsWireTest.task(List.of())).itemId()).isEqualTo("10");
    }

    @Test
    void theSessionsTimeBudgetCutsTheCallInFlightAndStopsTheRetries() {
        LlmRecommendationAgent failing = new LlmRecommendationAgent(recommenderLlm::chat, agents.prompts(),
                new LlmPolicy(2, 2, Duration.ofMillis(10), Duration.ofSeconds(1), true), "scripted-recommender");
        server.script(reply("Reason: x\nItem: Radiohead"), trickle());
        failing.propose(LlmAgentsWireTest.task(List.of())); // the client is made and connected: the budget is the call's
        Deadline budget = Deadline.in(Duration.ofMillis(400), "the session's time budget (PT0.4S)", true);
        long started = System.nanoTime();
        Proposal proposal = Deadline.within(budget, () -> failing.propose(LlmAgentsWireTest.task(List.of())));
        assertThat(millisSince(started)).isBetween(350L, 900L);
        assertThat(server.requests()).as("one call, no retry after the budget").hasSize(2);
        // Even where the caller would retry the step (on-unavailable=fail): no retry can extend a budget.
        assertThat(proposal.trace().fallback()).isTrue();
        assertThat(proposal.trace().fallbackReason()).contains("the session's time budget (PT0.4S) ran out after 1"
                + " try, cutting the call in flight");
        await("the cut request's client left", () -> server.leftMidBody().size() == 1);

        // Already past: the LLM is not asked at all.
        server.script();
        Proposal late = Deadline.within(new Deadline(java.time.Instant.now().minusSeconds(1), "the session's time"
                + " budget (PT1S)", true), () -> agents.recommenderLlmAgent().propose(LlmAgentsWireTest.task(
                List.of())));
        assertThat(server.requests()).isEmpty();
        assertThat(late.trace().fallbackReason()).contains("ran out before the LLM was asked");
    }

    @Test
    void anInvocationsEndFailsTheStepAsTheLlmBeingUnavailable() {
        LlmRecommendationAgent failing = new LlmRecommendationAgent(recommenderLlm::chat, agents.prompts(),
                new LlmPolicy(2, 2, Duration.ofMillis(10), Duration.ofSeconds(1), true), "scripted-recommender");
        server.script(reply("Reason: x\nItem: Radiohead"), trickle());
        failing.propose(LlmAgentsWireTest.task(List.of()));
        Deadline invocation = Deadline.in(Duration.ofMillis(400), "the function's invocation time", false);
        long started = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(invocation, () -> failing.propose(LlmAgentsWireTest.task(List.of()))))
                .isExactlyInstanceOf(LlmUnavailableException.class)
                .hasMessageContaining("the function's invocation time ran out after 1 try");
        assertThat(millisSince(started)).isLessThan(900);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void anLlmThatRefusesTheKeyStopsTheTurnWithoutRetryOrFallback() {
        for (int status : new int[] {401, 403}) {
            server.script(echoAuthorization(status));
            assertThatThrownBy(() -> agents.recommendationAgent().propose(LlmAgentsWireTest.task(List.of())))
                    .isInstanceOf(LlmCredentialsRefusedException.class)
                    .hasMessageContaining("The LLM refused the credentials: scripted-recommender answered HTTP "
                            + status + " (invalid_api_key): Incorrect API key provided: [redacted]")
                    .hasMessageContaining("AFL_LLM_API_KEY")
                    .satisfies(e -> assertThat(allMessages(e)).doesNotContain(KEY, "Bearer " + KEY.substring(0, 4)));
            assertThat(server.requests()).as("HTTP %d is not retried", status).hasSize(1);
        }
        server.script(echoAuthorization(401));
        assertThatThrownBy(() -> agents.userAgent().judge(LlmAgentsWireTest.judgement("x")))
                .isInstanceOf(LlmCredentialsRefusedException.class);
    }

    @Test
    void anErrorBodyThatEchoesTheKeyIsKeptOnlyAsItsStatusCodeAndARedactedMessage() {
        try (LogCapture logs = LogCapture.start()) {
            server.script(echoAuthorization(500), echoAuthorization(500));
            Proposal proposal = agents.recommendationAgent().propose(LlmAgentsWireTest.task(List.of()));
            assertThat(proposal.trace().fallback()).isTrue();
            assertThat(proposal.trace().fallbackReason()).contains("LLM call failed after 2 tries: HTTP 500"
                    + " (invalid_api_key): Incorrect API key provided: [redacted]").doesNotContain(KEY, "Bearer");
            assertThat(proposal.reason()).doesNotContain(KEY);
            assertThat(logs.text()).contains("HTTP 500 (invalid_api_key)").doesNotContain(KEY);
        }
    }

    private static String allMessages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 5 s: " + what + " " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

package dev.afl.function;

import static dev.afl.agent.llm.ScriptedChatServer.disconnect;
import static dev.afl.agent.llm.ScriptedChatServer.emptyChoices;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.agent.llm.ScriptedChatServer.Step;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.reliability.FaultLedger;
import dev.afl.reliability.FaultyDynamoProxy.Answer;
import dev.afl.reliability.SessionInvariants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The faults of the reliability suite through the refinement-loop state machine (infra/), executed by
 * aws-local-stepfunctions with the real handlers: LLM faults and DynamoDB throttling are retried by the ASL's Retry
 * (and, for throttling, first by the SDK); what outlasts the retries goes through the Catch, which ends the session
 * FAILED with its rounds kept. Replies lost after a function ran (Lambda.Unknown) and duplicate deliveries lose and
 * duplicate nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = FaultyServerlessResources.class, restrictToAnnotatedClass = true)
class StateMachineFaultsTest {

    @Inject
    StartHandler start;
    @Inject
    RecommendHandler recommend;
    @Inject
    RewardHandler reward;
    @Inject
    JudgeHandler judge;
    @Inject
    FinalizeHandler finalize;
    @Inject
    MemoryStore store;
    @Inject
    ObjectMapper json;

    HandlerBridge bridge;
    Path work;

    @BeforeAll
    static void data() {
        StateMachineTest.data();
    }

    @BeforeEach
    void bridge() throws Exception {
        bridge = new HandlerBridge(json, Map.of(
                // The loop publishes its result event after finalizing; captured here, checked in StateMachineTest.
                "events:putEvents", HandlerBridge.route(new EventBusCapture(),
                        com.fasterxml.jackson.databind.JsonNode.class),
                "start", HandlerBridge.route(start, StartEvent.class),
                "recommend", HandlerBridge.route(recommend, StepEvent.class),
                "reward", HandlerBridge.route(reward, StepEvent.class),
                "judge", HandlerBridge.route(judge, StepEvent.class),
                "finalize", HandlerBridge.route(finalize, FinalizeEvent.class)));
        work = Files.createDirectories(Path.of("target/state-machine"));
        FaultyServerlessResources.proxy.rule((operation, body) -> Answer.FORWARD);
        FaultyServerlessResources.proxy.resetCounts();
    }

    @AfterEach
    void close() {
        FaultyServerlessResources.proxy.rule((operation, body) -> Answer.FORWARD);
        bridge.close();
    }

    @Test
    void llmFaultsAreRetriedByTheStateMachineAndAnOutageEndsTheSessionFailedWithItsRounds() throws Exception {
        FaultLedger ledger = new FaultLedger("state-machine-llm-faults", "the scripted LLM drops connections, sends"
                + " truncated JSON, 429, 500, a reply slower than the 1 s timeout, and no choices; the functions fail"
                + " the step (on-unavailable=fail), the ASL retries it");
        EvaluationCase c = StateMachineTest.testCase(40);
        llm(disconnect(), rawBody("{\"choices\": [{\"message\": {\"content\": \"Reason"), pick(c, 3),
                tooManyRequests("0"), status(500), decision(false),
                pick(c, 4), slowReply("Reason: late.\nDecision: no", 1500), decision(true));
        JsonNode result = execute(StateMachineTest.startEvent("sfn-llm-transient", c, 4));
        assertThat(result.at("/output/status").asText()).isEqualTo("ACCEPTED");
        Session session = checked("sfn-llm-transient", ledger);
        assertThat(session.rounds()).extracting(RoundRecord::itemId).containsExactly(c.candidates().get(3),
                c.candidates().get(4));
        assertThat(FaultyServerlessResources.llm.remainingSteps()).isZero();
        // The client tries each call once and the functions make no call retries: every fault fails its step, and
        // the ASL retries it (round 1: recommend twice, judge twice; round 2: judge once).
        assertThat(FaultyServerlessResources.llm.requests()).hasSize(9);
        assertThat(bridge.invocations("recommend")).as("round 1 retried twice by the ASL").isEqualTo(3 + 1);
        assertThat(bridge.invocations("judge")).isEqualTo(3 + 2);
        ledger.add(FAULTS, 5).add("stepRetriesByTheStateMachine", 5);

        EvaluationCase outage = StateMachineTest.testCase(41);
        llm(pick(outage, 0), decision(false), emptyChoices(), emptyChoices(), emptyChoices(), emptyChoices());
        JsonNode failed = execute(StateMachineTest.startEvent("sfn-llm-outage", outage, 4));
        assertThat(failed.get("error").asText()).isEqualTo("SessionFailed");
        Session kept = checked("sfn-llm-outage", ledger);
        assertThat(kept.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(kept.failure()).contains("LlmUnavailableException", "no choices");
        assertThat(kept.rounds()).hasSize(1);
        assertThat(FaultyServerlessResources.llm.remainingSteps()).isZero();
        assertThat(bridge.invocations("recommend")).as("1 + round 2 tried 4 times").isEqualTo((3 + 1) + 1 + 4);
        ledger.add(FAULTS, 4).add("stepRetriesByTheStateMachine", 3).add("sessionsFailed", 1).write();
        assertThat(ledger.get(LOST) + ledger.get(DUPLICATED) + ledger.get(NON_TERMINAL)).isZero();
    }

    @Test
    void dynamoDbThrottlingIsRetriedAndAPersistentOneEndsTheSessionFailedWithItsRounds() throws Exception {
        FaultLedger ledger = new FaultLedger("state-machine-dynamodb-throttling", "a proxy in front of dynalite"
                + " throttles every third DynamoDB call of the functions (ThrottlingException; the SDK's next attempt"
                + " gets through); then the recommend step of round 2 fails 4 times with"
                + " ProvisionedThroughputExceededException, as after the SDK's 9 attempts (the ASL retries, the Catch"
                + " ends the session)");
        AtomicInteger calls = new AtomicInteger();
        FaultyServerlessResources.proxy.rule((operation, body) -> calls.incrementAndGet() % 3 == 1
                ? Answer.THROTTLING : Answer.FORWARD);
        EvaluationCase c = StateMachineTest.testCase(42);
        llm(pick(c, 5), decision(false), pick(c, 6), decision(true));
        JsonNode result = execute(StateMachineTest.startEvent("sfn-throttled", c, 4));
        assertThat(result.at("/output/status").asText()).isEqualTo("ACCEPTED");
        checked("sfn-throttled", ledger);
        int throttles = FaultyServerlessResources.proxy.count(Answer.THROTTLING.name());
        assertThat(throttles).isPositive();
        assertThat(bridge.invocations("recommend")).as("the SDK absorbed every throttle").isEqualTo(2);
        assertThat(FaultyServerlessResources.llm.remainingSteps()).isZero();

        FaultyServerlessResources.proxy.rule((operation, body) -> Answer.FORWARD);
        bridge = restart(bridge);
        EvaluationCase outage = StateMachineTest.testCase(43);
        llm(pick(outage, 1), decision(false));
        AtomicInteger round = new AtomicInteger();
        String throttled = "software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException";
        FaultyServerlessResources.proxy.rule((operation, body) -> {
            if (body.contains("ROUND#0001") && body.contains("judgement") && round.getAndIncrement() == 0) {
                bridge.failNext("recommend", throttled, 4); // from round 2 on
            }
            return Answer.FORWARD;
        });
        JsonNode failed = execute(StateMachineTest.startEvent("sfn-throttled-out", outage, 4));
        assertThat(failed.get("error").asText()).isEqualTo("SessionFailed");
        Session kept = checked("sfn-throttled-out", ledger);
        assertThat(kept.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(kept.failure()).contains("ProvisionedThroughputExceededException");
        assertThat(kept.rounds()).hasSize(1);
        assertThat(kept.pending()).as("the throttled write never landed").isNull();
        assertThat(bridge.invocations("recommend")).as("round 2 tried 4 times").isEqualTo(1 + 4);
        assertThat(FaultyServerlessResources.llm.remainingSteps()).isZero();
        ledger.add(FAULTS, throttles + 4).add("throttledCallsAbsorbedBySdk", throttles)
                .add("stepFailuresRetriedByTheStateMachine", 3).add("sessionsFailed", 1).write();
        assertThat(ledger.get(LOST) + ledger.get(DUPLICATED) + ledger.get(NON_TERMINAL)).isZero();
    }

    @Test
    void lostRepliesAndDuplicateDeliveriesLoseAndDuplicateNoRound() throws Exception {
        FaultLedger ledger = new FaultLedger("state-machine-at-least-once", "every function delivered twice, and"
                + " each function's first reply of a session lost after it ran (Lambda.Unknown); the ASL retries");
        List<String> functions = List.of("start", "recommend", "reward", "judge", "finalize");
        for (int i = 0; i < 3; i++) {
            EvaluationCase c = StateMachineTest.testCase(50 + i);
            int rounds = 1 + i % 3;
            int offset = i;
            int[] picks = java.util.stream.IntStream.range(0, rounds).map(r -> 2 * r + offset).toArray();
            boolean[] decisions = new boolean[rounds];
            decisions[rounds - 1] = i % 2 == 0;
            llm(StateMachineTest.session(c, picks, decisions).toArray(Step[]::new));
            bridge = restart(bridge);
            for (String function : functions) {
                bridge.deliverTwice(function);
                bridge.loseReplies(function, 1);
            }
            String id = "sfn-lost-replies-" + i;
            JsonNode result = execute(StateMachineTest.startEvent(id, c, rounds));
            assertThat(result.get("status").asText()).as(id).isEqualTo("SUCCEEDED");
            Session session = checked(id, ledger);
            assertThat(session.rounds()).extracting(RoundRecord::itemId).as(id).containsExactlyElementsOf(
                    java.util.Arrays.stream(picks).mapToObj(c.candidates()::get).toList());
            assertThat(session.status()).isEqualTo(decisions[rounds - 1] ? SessionStatus.ACCEPTED : SessionStatus.MAX_ROUNDS);
            assertThat(FaultyServerlessResources.llm.requests()).as("%s: each agent asked once per round", id)
                    .hasSize(2 * rounds);
            assertThat(bridge.repliesLost()).isEqualTo(functions.size());
            ledger.add(FAULTS, bridge.repliesLost()).add("deliveries", functions.stream()
                    .mapToInt(bridge::invocations).sum());
        }
        ledger.write();
        assertThat(ledger.get(LOST) + ledger.get(DUPLICATED) + ledger.get(NON_TERMINAL)).isZero();
    }

    /** Reads the session back, checks what every reader may rely on, and counts it. */
    private Session checked(String id, FaultLedger ledger) {
        Session session = store.require(id);
        SessionInvariants.check(session);
        ledger.add(CASES, 1).add(NON_TERMINAL, session.status().terminal() ? 0 : 1).add("rounds", session.rounds().size());
        return session;
    }

    private HandlerBridge restart(HandlerBridge old) throws Exception {
        old.close();
        bridge();
        return bridge;
    }

    private static void llm(Step... steps) {
        FaultyServerlessResources.llm.script(steps);
    }

    private static Step pick(EvaluationCase c, int candidate) {
        return reply("Reason: pick.\nItem: " + StateMachineTest.item(c.candidates().get(candidate)).title());
    }

    private static Step decision(boolean yes) {
        return reply("Reason: reaction.\nDecision: " + (yes ? "yes" : "no"));
    }

    private JsonNode execute(StartEvent input) throws Exception {
        return StateMachineRunner.run(StateMachineTest.DEFINITION, input, bridge.url(), work);
    }
}

package dev.afl.function;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.app.AgentFactory;
import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.event.EventNames;
import dev.afl.event.EventSchemas;
import dev.afl.event.RecommendationRefined;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.session.SessionView;
import dev.afl.model.onnx.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refinement-loop state machine from infra/, executed by aws-local-stepfunctions, every Task calling the
 * real handlers (through an HTTP bridge) against dynalite, with scripted LLM replies.
 */
@QuarkusTest
@QuarkusTestResource(value = ServerlessResources.class, restrictToAnnotatedClass = true)
class StateMachineTest {

    static final Path DEFINITION = Path.of("infra/statemachine/refinement-loop.asl.json");
    static Dataset lastfm;

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
    CaseOutcomeHandler caseOutcome;
    @Inject
    MemoryStore store;
    @Inject
    ObjectMapper json;
    @Inject
    AgentFactory agents;
    @Inject
    ModelRegistry models;

    HandlerBridge bridge;
    EventBusCapture bus;
    Path work;

    @BeforeAll
    static void data() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
    }

    @BeforeEach
    void bridge() throws Exception {
        bus = new EventBusCapture();
        bridge = new HandlerBridge(json, Map.of(
                "events:putEvents", HandlerBridge.route(bus, JsonNode.class),
                "states:startExecution.sync:2", HandlerBridge.route(
                        (com.amazonaws.services.lambda.runtime.RequestHandler<JsonNode, Map<String, Object>>) this::runTheLoop,
                        JsonNode.class),
                "case-outcome", HandlerBridge.route(caseOutcome, CaseOutcomeEvent.class),
                "start", HandlerBridge.route(start, StartEvent.class),
                "recommend", HandlerBridge.route(recommend, StepEvent.class),
                "reward", HandlerBridge.route(reward, StepEvent.class),
                "judge", HandlerBridge.route(judge, StepEvent.class),
                "finalize", HandlerBridge.route(finalize, FinalizeEvent.class)));
        work = Files.createDirectories(Path.of("target/state-machine"));
    }

    @AfterEach
    void close() {
        bridge.close();
    }

    static EvaluationCase testCase(int index) {
        return EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(index);
    }

    private static int best(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            best = scores[i] > scores[best] ? i : best;
        }
        return best;
    }

    static Item item(String id) {
        return lastfm.catalog().require(id);
    }

    static StartEvent startEvent(String sessionId, EvaluationCase c, int maxRounds) {
        return new StartEvent(sessionId, "lastfm",
                c.history().stream().map(id -> new ItemRef(id, item(id).title())).toList(),
                c.candidates().stream().map(id -> new ItemRef(id, item(id).title())).toList(), maxRounds);
    }

    /** Scripted replies: the recommender names candidates[picks[i]], the user answers decisions[i]. */
    static List<dev.afl.agent.llm.ScriptedChatServer.Step> session(EvaluationCase c, int[] picks, boolean[] decisions) {
        List<dev.afl.agent.llm.ScriptedChatServer.Step> steps = new ArrayList<>();
        for (int i = 0; i < picks.length; i++) {
            steps.add(reply("Reason: pick " + i + ".\nItem: " + item(c.candidates().get(picks[i])).title()));
            if (i < decisions.length) {
                steps.add(reply("Reason: reaction " + i + ".\nDecision: " + (decisions[i] ? "yes" : "no")));
            }
        }
        return steps;
    }

    private JsonNode execute(Object input) throws Exception {
        return StateMachineRunner.run(DEFINITION, input, bridge.url(), work);
    }

    /** The one RecommendationRefined event the execution put on the bus, checked against its schema. */
    private JsonNode theResultEvent() {
        assertThat(bus.entries()).as("events put on the bus").hasSize(1);
        JsonNode entry = bus.entries().getFirst();
        assertThat(entry.get("Source").asText()).isEqualTo(EventNames.SOURCE);
        assertThat(entry.get("DetailType").asText()).isEqualTo(EventNames.RECOMMENDATION_REFINED);
        assertThat(entry.get("EventBusName").asText()).isEqualTo("ResultEventBusName");
        JsonNode detail = entry.get("Detail");
        assertThat(EventSchemas.problems(EventSchemas.RECOMMENDATION_REFINED, detail)).as(detail.toString()).isEmpty();
        store.find(detail.get("sessionId").asText()).ifPresent(session -> {
            assertThat(detail.get("eventId").asText()).as("the event id derived from the session")
                    .isEqualTo(RecommendationRefined.eventId(session.id(), session.createdAt()));
            assertThat(session.resultPublishedAt()).as("the publication recorded").isNotNull();
        });
        return detail;
    }

    @Test
    void acceptedInRoundOne() throws Exception {
        EvaluationCase c = testCase(1);
        ServerlessResources.llm.script(session(c, new int[] {4}, new boolean[] {true})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        JsonNode result = execute(startEvent("sfn-accept-1", c, 4));
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.at("/output/status").asText()).isEqualTo("ACCEPTED");
        assertThat(result.at("/output/finalItem/id").asText()).isEqualTo(c.candidates().get(4));
        Session session = store.require("sfn-accept-1");
        assertThat(session.rounds()).hasSize(1);
        assertThat(session.status()).isEqualTo(SessionStatus.ACCEPTED);
        // The loop published the result event, built by the finalize step from the stored session.
        JsonNode event = theResultEvent();
        assertThat(event.get("sessionId").asText()).isEqualTo("sfn-accept-1");
        assertThat(event.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(event.at("/finalItem/id").asText()).isEqualTo(c.candidates().get(4));
        assertThat(event.at("/finalItem/title").asText()).isEqualTo(item(c.candidates().get(4)).title());
        assertThat(event.get("rounds").asInt()).isEqualTo(1);
        assertThat(event.get("finishedAt").asText()).isEqualTo(session.updatedAt().toString());
        // The execution's output is the session as POST /v1/refinements answers it (as finalized, before the
        // publication was recorded), transcript included.
        assertThat(result.get("output")).isEqualTo(json.readTree(json.writeValueAsString(SessionView.of(session, true))));
    }

    @Test
    void acceptedInRoundThree() throws Exception {
        EvaluationCase c = testCase(2);
        ServerlessResources.llm.script(session(c, new int[] {0, 1, 2}, new boolean[] {false, false, true})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        JsonNode result = execute(startEvent("sfn-accept-3", c, 4));
        assertThat(result.at("/output/status").asText()).isEqualTo("ACCEPTED");
        Session session = store.require("sfn-accept-3");
        assertThat(session.rounds()).extracting(RoundRecord::itemId)
                .containsExactly(c.candidates().get(0), c.candidates().get(1), c.candidates().get(2));
        assertThat(session.rounds()).extracting(RoundRecord::accepted).containsExactly(false, false, true);
        // Round 3's recommender saw both rejections in its memory (the paper set's: in its system message).
        assertThat(ServerlessResources.llm.systemMessage(4)).contains("In round 1, the music artist you recommended is",
                "In round 2, the music artist you recommended is", "reaction 0.", "reaction 1.");
    }

    @Test
    void theRoundLimitEndsTheSession() throws Exception {
        EvaluationCase c = testCase(3);
        ServerlessResources.llm.script(session(c, new int[] {5, 6}, new boolean[] {false, false})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        JsonNode result = execute(startEvent("sfn-limit", c, 2));
        assertThat(result.at("/output/status").asText()).isEqualTo("MAX_ROUNDS");
        assertThat(result.at("/output/finalItem/id").asText()).isEqualTo(c.candidates().get(6));
        assertThat(result.at("/output/transcript")).hasSize(2);
        assertThat(store.require("sfn-limit").rounds()).hasSize(2);
        JsonNode event = theResultEvent();
        assertThat(event.get("status").asText()).isEqualTo("MAX_ROUNDS");
        assertThat(event.get("rounds").asInt()).isEqualTo(2);
        assertThat(event.get("stopReason").asText()).contains("round limit (2)");
    }

    @Test
    void anLlmOutageThatOutlastsTheRetriesEndsTheSessionAsFailedWithItsRoundsKept() throws Exception {
        EvaluationCase c = testCase(4);
        List<dev.afl.agent.llm.ScriptedChatServer.Step> steps = new ArrayList<>(session(c, new int[] {7},
                new boolean[] {false}));
        for (int i = 0; i < 4; i++) {
            steps.add(status(503)); // the recommend step of round 2, tried once and retried three times
        }
        ServerlessResources.llm.script(steps.toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        JsonNode result = execute(startEvent("sfn-outage", c, 4));
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("error").asText()).isEqualTo("SessionFailed");
        // The cause is the problem POST /v1/refinements answers: a bad gateway (the LLM), without the step's error.
        JsonNode problem = json.readTree(result.get("cause").asText());
        assertThat(problem.get("type").asText()).isEqualTo("urn:afl:problem:refinement-failed");
        assertThat(problem.get("status").asInt()).isEqualTo(502);
        assertThat(problem.get("sessionId").asText()).isEqualTo("sfn-outage");
        assertThat(problem.get("detail").asText()).contains("after 1 round").doesNotContain("Exception", "503");
        assertThat(bridge.invocations("recommend")).isEqualTo(1 + 4);
        Session session = store.require("sfn-outage");
        assertThat(session.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(session.failure()).contains("LlmUnavailableException");
        assertThat(session.rounds()).hasSize(1);
        assertThat(session.rounds().getFirst().itemId()).isEqualTo(c.candidates().get(7));
        assertThat(ServerlessResources.llm.remainingSteps()).isZero();
        // The failure path publishes too: the sender learns that the session failed, and why.
        JsonNode event = theResultEvent();
        assertThat(event.get("status").asText()).isEqualTo("FAILED");
        assertThat(event.get("rounds").asInt()).isEqualTo(1);
        assertThat(event.at("/finalItem/id").asText()).isEqualTo(c.candidates().get(7));
        assertThat(event.get("stopReason").asText()).startsWith("dev.afl.agent.llm.LlmUnavailableException: ")
                .doesNotContain("errorType");
        // The request delivered again finds the failed session: no LLM call, no second event.
        int calls = ServerlessResources.llm.requests().size();
        JsonNode again = execute(startEvent("sfn-outage", c, 4));
        assertThat(again.at("/output/status").asText()).as(again.toString()).isEqualTo("FAILED");
        assertThat(ServerlessResources.llm.requests()).hasSize(calls);
        assertThat(bus.entries()).hasSize(1);
    }

    @Test
    void aRequestEventWithoutASessionIdIsPlayedUnderTheEventIdAndAnsweredWithTheResultEvent() throws Exception {
        EvaluationCase c = testCase(7);
        ServerlessResources.llm.script(session(c, new int[] {3}, new boolean[] {true})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .readTree(EventSchemas.FOLDER.resolve("examples/refinement-requested.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode detail = json.valueToTree(startEvent(null, c, 4));
        detail.remove("sessionId");
        event.set("detail", detail);
        String eventId = "e" + System.nanoTime();
        event.put("id", eventId);
        assertThat(EventSchemas.problems(EventSchemas.REFINEMENT_REQUESTED, detail)).isEmpty();

        JsonNode result = execute(RuleInputTransformer.ofTemplate("RefinementRequestedRule").apply(event));
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
        assertThat(store.require(eventId).status()).isEqualTo(SessionStatus.ACCEPTED);
        JsonNode refined = theResultEvent();
        assertThat(refined.get("sessionId").asText()).isEqualTo(eventId);
        assertThat(refined.get("dataset").asText()).isEqualTo("lastfm");

        // The same event delivered again (EventBridge delivers at least once) finds its session: no LLM call, and
        // no second result event.
        int calls = ServerlessResources.llm.requests().size();
        JsonNode again = execute(RuleInputTransformer.ofTemplate("RefinementRequestedRule").apply(event));
        assertThat(again.at("/output/sessionId").asText()).isEqualTo(eventId);
        assertThat(again.at("/output/status").asText()).isEqualTo("ACCEPTED");
        assertThat(ServerlessResources.llm.requests()).hasSize(calls);
        assertThat(bus.entries()).hasSize(1);
    }

    /** Issue 15, break 3: the same start event run three times put three result events on the bus. */
    @Test
    void aRequestDeliveredThreeTimesPublishesOneResultEvent() throws Exception {
        EvaluationCase c = testCase(12);
        ServerlessResources.llm.script(session(c, new int[] {2, 3}, new boolean[] {false, true})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        StartEvent request = startEvent("sfn-thrice", c, 4);
        List<JsonNode> results = new ArrayList<>();
        for (int delivery = 0; delivery < 3; delivery++) {
            results.add(execute(request));
        }
        assertThat(ServerlessResources.llm.requests()).as("LLM calls: the first delivery's only").hasSize(4);
        for (JsonNode result : results) {
            assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
            assertThat(result.at("/output/status").asText()).isEqualTo("ACCEPTED");
            assertThat(result.at("/output/transcript")).isEqualTo(results.getFirst().at("/output/transcript"));
        }
        JsonNode event = theResultEvent();
        assertThat(event.get("sessionId").asText()).isEqualTo("sfn-thrice");
        assertThat(event.at("/finalItem/id")).isEqualTo(results.getFirst().at("/output/finalItem/id"));
        assertThat(store.require("sfn-thrice").rounds()).hasSize(2);
    }

    /**
     * A crash between publishing the result event and recording it cannot lose the event: the next delivery publishes
     * the very same event (same eventId, same detail), records it, and the one after publishes nothing.
     */
    @Test
    void aLostPublicationRecordPublishesTheSameEventOnceMore() throws Exception {
        EvaluationCase c = testCase(13);
        ServerlessResources.llm.script(session(c, new int[] {4}, new boolean[] {true})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        // The record fails on its try and its three retries, as a function dying before its write would.
        bridge.failNext("finalize", event -> Boolean.TRUE.equals(((FinalizeEvent) event).resultPublished()),
                "Lambda.Unknown", 4);
        StartEvent request = startEvent("sfn-record-lost", c, 4);
        JsonNode first = execute(request);
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.at("/output/status").asText()).isEqualTo("ACCEPTED");
        assertThat(bus.entries()).hasSize(1);
        assertThat(store.require("sfn-record-lost").resultPublishedAt()).isNull();

        JsonNode second = execute(request);
        assertThat(second.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(bus.entries()).hasSize(2);
        assertThat(bus.entries().get(1)).isEqualTo(bus.entries().get(0));
        assertThat(store.require("sfn-record-lost").resultPublishedAt()).isNotNull();

        execute(request);
        assertThat(bus.entries()).as("recorded: nothing more").hasSize(2);
        assertThat(bus.entries().stream().map(e -> e.at("/Detail/eventId").asText()).distinct()).containsExactly(
                RecommendationRefined.eventId("sfn-record-lost", store.require("sfn-record-lost").createdAt()));
    }

    @Test
    void aRefusedRequestIsAnsweredWithARefusalThatSaysWhatToFix() throws Exception {
        EvaluationCase c = testCase(8);
        StartEvent bad = startEvent("sfn-refused", c, 4);
        List<ItemRef> candidates = new ArrayList<>(bad.candidates());
        candidates.set(2, new ItemRef("nope", "No such artist"));
        JsonNode result = execute(Map.of("request", new StartEvent(bad.sessionId(), bad.dataset(), bad.history(),
                candidates, 4), "delivery", Map.of("sessionId", "unused-default")));
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("error").asText()).isEqualTo("RequestRefused");
        // The cause is the problem POST /v1/refinements answers, naming the field at fault.
        JsonNode problem = json.readTree(result.get("cause").asText());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("candidates[2].id");
        assertThat(problem.at("/errors/0/message").asText()).contains("item 'nope' in candidates");
        assertThat(store.find("sfn-refused")).isEmpty();
        JsonNode refusal = theResultEvent();
        assertThat(refusal.get("sessionId").asText()).isEqualTo("sfn-refused");
        assertThat(refusal.get("status").asText()).isEqualTo("REFUSED");
        assertThat(refusal.get("rounds").asInt()).isZero();
        assertThat(refusal.get("finalItem").isNull()).isTrue();
        assertThat(refusal.get("stopReason").asText()).isEqualTo(problem.at("/errors/0/message").asText());
        // Its id is the same for every delivery of this refused request, and another refusal gets another.
        execute(Map.of("request", new StartEvent(bad.sessionId(), bad.dataset(), bad.history(), candidates, 4),
                "delivery", Map.of("sessionId", "unused-default")));
        assertThat(bus.entries()).hasSize(2);
        assertThat(bus.entries().get(1).at("/Detail/eventId")).isEqualTo(refusal.get("eventId"));
        JsonNode short_ = execute(Map.of("request", Map.of("sessionId", "r1", "history", List.of(),
                "candidates", List.of()), "delivery", Map.of("sessionId", "unused-default")));
        assertThat(short_.get("error").asText()).isEqualTo("RequestRefused");
        JsonNode other = bus.entries().get(2).get("Detail");
        assertThat(EventSchemas.problems(EventSchemas.RECOMMENDATION_REFINED, other)).isEmpty();
        assertThat(other.get("eventId")).isNotEqualTo(refusal.get("eventId"));
        // The derivation, SHA-256 of the session id, " REFUSED " and the reason, checked on a text under 56 bytes:
        // aws-local-stepfunctions 3.0.0 computes States.Hash wrongly from 56 bytes on (AWS computes SHA-256).
        String hashed = "r1 REFUSED " + other.get("stopReason").asText();
        assertThat(hashed.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(56);
        assertThat(other.get("eventId").asText()).isEqualTo(java.util.HexFormat.of().formatHex(java.security
                .MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void aRequestWithoutASessionIdStartedDirectlyIsRefusedWithoutAnEvent() throws Exception {
        EvaluationCase c = testCase(9);
        JsonNode result = execute(startEvent(null, c, 4));
        assertThat(result.get("error").asText()).isEqualTo("RequestRefused");
        assertThat(result.get("cause").asText()).contains("lacks 'sessionId'");
        assertThat(bus.entries()).isEmpty();
    }

    @Test
    void everyStepDeliveredTwiceWritesEachRoundOnceAndAsksEachAgentOnce() throws Exception {
        EvaluationCase c = testCase(5);
        ServerlessResources.llm.script(session(c, new int[] {8, 9}, new boolean[] {false, true})
                .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        for (String function : List.of("start", "recommend", "reward", "judge", "finalize")) {
            bridge.deliverTwice(function);
        }
        JsonNode result = execute(startEvent("sfn-twice", c, 4));
        assertThat(result.at("/output/status").asText()).isEqualTo("ACCEPTED");
        Session session = store.require("sfn-twice");
        assertThat(session.rounds()).extracting(RoundRecord::round).containsExactly(1, 2);
        assertThat(bridge.invocations("judge")).isEqualTo(4);
        // Four LLM replies were scripted; a second delivery that asked again would have found none.
        assertThat(ServerlessResources.llm.requests()).hasSize(4);
        // The finalize step and the record of the publication, each delivered twice: one result event.
        assertThat(bridge.invocations("finalize")).isEqualTo(4);
        assertThat(theResultEvent().get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void theInProcessLoopAndTheStateMachineWriteTheSameTranscript() throws Exception {
        EvaluationCase c = testCase(6);
        int[] picks = {10, 11, 12};
        boolean[] decisions = {false, false, true};
        ServerlessResources.llm.script(session(c, picks, decisions).toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        execute(startEvent("sfn-same", c, 4));
        List<RoundRecord> viaStateMachine = store.require("sfn-same").rounds();

        ServerlessResources.llm.script(session(c, picks, decisions).toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        FeedbackLoop inProcess = new FeedbackLoop(LoopModels.of("lastfm", models.bundled("lastfm", "gru4rec"),
                models.bundled("lastfm", "sasrec")), agents.recommendationAgent(), agents.userAgent(),
                new InMemoryMemoryStore());
        List<RoundRecord> viaLoop = inProcess.run(new RefinementRequest("same", "lastfm",
                c.history().stream().map(StateMachineTest::item).toList(),
                c.candidates().stream().map(StateMachineTest::item).toList(), 4)).rounds();
        assertThat(withoutTimings(viaLoop)).isEqualTo(withoutTimings(viaStateMachine));
        assertThat(viaLoop).hasSize(3);
    }

    @Test
    void eachBudgetLimitEndsTheSessionWithItsReasonAndNoLostRound() throws Exception {
        // A case whose recommendation model and reward model disagree on the best candidate: once the time budget
        // has run out the agents are not asked, the round is played by their fallbacks (the recommendation model's
        // best, the reward model's verdict), and that verdict must be a rejection for the budget to end the session.
        EvaluationCase c = java.util.stream.IntStream.range(8, 122).mapToObj(StateMachineTest::testCase)
                .filter(candidate -> best(models.bundled("lastfm", "gru4rec").score(candidate.history(),
                        candidate.candidates())) != best(models.bundled("lastfm", "sasrec").rewards(
                        candidate.history(), candidate.candidates())))
                .findFirst().orElseThrow();
        int recommendationModelsBest = best(models.bundled("lastfm", "gru4rec").score(c.history(), c.candidates()));
        // Candidates by the reward model, best first: proposing them in this order never improves the reward.
        float[] rewards = models.bundled("lastfm", "sasrec").rewards(c.history(), c.candidates());
        int[] byReward = java.util.stream.IntStream.range(0, rewards.length).boxed()
                .sorted(java.util.Comparator.comparing((Integer i) -> rewards[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
        int[] picks = {byReward[0], byReward[1], byReward[2], byReward[3]};
        boolean[] rejections = {false, false, false, false};
        Object[][] limits = {
            {new dev.afl.memory.Budget(1L, null, null, null, null, null), SessionStatus.TOKEN_BUDGET, 1},
            {new dev.afl.memory.Budget(null, 1e-9, null, null, null, null), SessionStatus.COST_BUDGET, 1},
            {new dev.afl.memory.Budget(null, null, null, null, java.time.Duration.ofMillis(1), null),
                SessionStatus.TIME_BUDGET, 1},
            {new dev.afl.memory.Budget(null, null, null, null, null, 1), SessionStatus.NO_IMPROVEMENT, 2},
        };
        for (Object[] limit : limits) {
            SessionStatus reason = (SessionStatus) limit[1];
            int rounds = (int) limit[2];
            String id = "sfn-budget-" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            ServerlessResources.llm.script(session(c, picks, rejections)
                    .toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
            StartEvent plain = startEvent(id, c, 4);
            JsonNode result = execute(new StartEvent(id, "lastfm", plain.history(), plain.candidates(), 4,
                    (dev.afl.memory.Budget) limit[0]));
            assertThat(result.get("status").asText()).as(reason.name()).isEqualTo("SUCCEEDED");
            assertThat(result.at("/output/status").asText()).isEqualTo(reason.name());
            // The loop's result event says why it stopped, and validates against its schema.
            JsonNode event = bus.entries().getLast();
            assertThat(EventSchemas.problems(EventSchemas.RECOMMENDATION_REFINED, event.get("Detail"))).isEmpty();
            assertThat(event.at("/Detail/status").asText()).isEqualTo(reason.name());
            assertThat(event.at("/Detail/rounds").asInt()).isEqualTo(rounds);
            Session session = store.require(id);
            assertThat(session.status()).isEqualTo(reason);
            assertThat(session.rounds()).as(reason.name()).hasSize(rounds);
            // Out of time before the first call, round 1 is the fallbacks': the recommendation model's best, rejected.
            int[] proposed = reason == SessionStatus.TIME_BUDGET ? new int[] {recommendationModelsBest} : picks;
            assertThat(session.rounds()).extracting(RoundRecord::itemId).containsExactlyElementsOf(
                    java.util.Arrays.stream(proposed).limit(rounds).mapToObj(c.candidates()::get).toList());
            assertThat(session.pending()).isNull();
            assertThat(session.finalItemId()).isEqualTo(session.rounds().getLast().itemId());
            // The budget travelled in the session record, with the configured prices filled in for the cost limit.
            assertThat(session.request().budget()).isNotNull();
            if (reason == SessionStatus.COST_BUDGET) {
                assertThat(session.request().budget().inputPricePerMillion()).isEqualTo(0.15);
            }
        }
    }

    /** The fan-out item's startExecution.sync:2 of the Standard loop: the loop definition run locally, waited on. */
    private Map<String, Object> runTheLoop(JsonNode parameters, com.amazonaws.services.lambda.runtime.Context context) {
        try {
            JsonNode run = StateMachineRunner.run(DEFINITION, parameters.get("Input"), bridge.url(), work);
            if (!run.get("status").asText().equals("SUCCEEDED")) {
                throw new dev.afl.AflException("The loop execution failed: " + run);
            }
            return Map.of("Status", "SUCCEEDED", "Output", run.get("output"));
        } catch (dev.afl.AflException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The fan-out definition with its Distributed Map made inline over cases in the input (aws-local-stepfunctions
     * runs no ItemReader or ResultWriter) and the aggregation left out (its own test reads ResultWriter output):
     * the ItemSelector and the item processor run as written.
     */
    private Path inlineFanOut() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode definition = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .readTree(Path.of("infra/statemachine/evaluation-fanout.asl.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode map = (com.fasterxml.jackson.databind.node.ObjectNode) definition
                .at("/States/Play every case through the loop");
        map.remove(List.of("ItemReader", "ResultWriter", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
                "Label", "Next"));
        map.put("ItemsPath", "$.cases").put("MaxConcurrency", 1).put("End", true);
        ((com.fasterxml.jackson.databind.node.ObjectNode) map.at("/ItemProcessor/ProcessorConfig")).put("Mode", "INLINE")
                .remove("ExecutionType");
        ((com.fasterxml.jackson.databind.node.ObjectNode) definition.get("States")).remove("Aggregate the metrics");
        Path inline = work.resolve("evaluation-fanout-inline.asl.json");
        json.writeValue(inline.toFile(), definition);
        return inline;
    }

    @Test
    void theFanOutsItemProcessorPlaysEachCaseWithTheLoopAndRecordsTheLocalOutcome() throws Exception {
        // The paper's lists of rows 10 and 11, as export-cases writes them by default.
        List<EvaluationCase> cases = dev.afl.evaluation.EvaluationProtocol.PAPER.paperCases(lastfm, Split.TEST)
                .subList(10, 12);
        List<dev.afl.agent.llm.ScriptedChatServer.Step> script = new ArrayList<>();
        script.addAll(session(cases.get(0), new int[] {1, 2}, new boolean[] {false, true}));
        script.addAll(session(cases.get(1), new int[] {5, 6}, new boolean[] {false, false}));
        ServerlessResources.llm.script(script.toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        List<dev.afl.evaluation.fanout.FanOutCase> lines = cases.stream()
                .map(c -> dev.afl.evaluation.fanout.FanOutCase.of(c, lastfm.catalog())).toList();

        JsonNode result = StateMachineRunner.run(inlineFanOut(), Map.of("runId", "fanout-1", "dataset", "lastfm",
                "casesKey", "cases/lastfm.jsonl", "maxRounds", 2, "cases", lines), bridge.url(), work);

        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
        JsonNode results = result.at("/output/mapRun");
        assertThat(results).hasSize(2);
        // Each item is what the local evaluation appends for the case, played by the same agents and replies.
        ServerlessResources.llm.script(script.toArray(dev.afl.agent.llm.ScriptedChatServer.Step[]::new));
        dev.afl.evaluation.recommendation.CasePlayer local = new dev.afl.evaluation.recommendation.CasePlayer(
                new dev.afl.evaluation.LoopSetup("lastfm", lastfm.catalog(), models.bundled("lastfm", "gru4rec"),
                        models.bundled("lastfm", "sasrec"), agents.recommendationAgent(), agents.userAgent(), 2));
        for (int i = 0; i < 2; i++) {
            EvaluationCase c = cases.get(i);
            assertThat(results.get(i).get("caseId").asText()).isEqualTo(c.id());
            assertThat(store.require("fanout-1-" + c.id()).status()).isEqualTo(i == 0 ? SessionStatus.ACCEPTED
                    : SessionStatus.MAX_ROUNDS);
            dev.afl.evaluation.recommendation.CaseOutcome played = json.treeToValue(results.get(i).get("result"),
                    dev.afl.evaluation.recommendation.CaseOutcome.class);
            dev.afl.evaluation.recommendation.CaseOutcome expected = local.play(
                    dev.afl.evaluation.recommendation.RecommendationMethod.AFL, c);
            assertThat(played).isEqualTo(expected);
        }
        assertThat(played(results.get(0)).itemAfterRound()).containsExactly(cases.get(0).candidates().get(1),
                cases.get(0).candidates().get(2));
        assertThat(bus.entries()).hasSize(2); // each played session published its result event
    }

    private dev.afl.evaluation.recommendation.CaseOutcome played(JsonNode result) throws Exception {
        return json.treeToValue(result.get("result"), dev.afl.evaluation.recommendation.CaseOutcome.class);
    }

    private static List<RoundRecord> withoutTimings(List<RoundRecord> rounds) {
        return rounds.stream().map(r -> new RoundRecord(r.round(), r.itemId(), r.itemTitle(), r.recommendationReason(),
                r.rewardScore(), r.rewardRank(), r.accepted(), r.userReason(), untimed(r.recommender()),
                untimed(r.user()))).toList();
    }

    private static dev.afl.AgentTrace untimed(dev.afl.AgentTrace t) {
        return new dev.afl.AgentTrace(t.kind(), t.model(), t.promptSet(), t.attempts(), t.fallback(), t.fallbackReason(),
                t.inputTokens(), t.outputTokens(), 0);
    }
}

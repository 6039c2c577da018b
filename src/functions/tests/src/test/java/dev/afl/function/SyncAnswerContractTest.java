package dev.afl.function;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.TestData;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.session.RefinementProblems;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
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
 * One contract for {@code POST /v1/refinements}: the same request sent to the local API ({@code afl serve}) and
 * through the refinement loop's definition (what API Gateway starts with StartSyncExecution), executed by
 * aws-local-stepfunctions through the real handlers against dynalite, is answered the same status and the same body.
 * Only what must differ is left out of the comparison: the times (createdAt, updatedAt, each agent's latency) and
 * the ids the caller did not give (the session id and its links). Both paths ask the same scripted LLM.
 *
 * <p>The AWS answer is read from the execution as the API Gateway integration response in infra/template.yaml
 * reads it, which only passes the loop's answer on: a SUCCEEDED execution's output is the body (200); the cause of
 * the loop's own Fail states is the body, with the status it names.
 */
@QuarkusTest
@TestProfile(SyncAnswerContractTest.Served.class)
@QuarkusTestResource(value = ServerlessResources.class, restrictToAnnotatedClass = true)
class SyncAnswerContractTest {

    /** The local API turned on, over its own session folder (the functions keep dynalite). */
    public static class Served implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(Path.of("target"));
                return Map.of("quarkus.http.host-enabled", "true", "quarkus.http.test-port", "0", "afl.api.store-dir",
                        Files.createTempDirectory(Path.of("target"), "contract-sessions-").toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The Fail states of the loop whose cause is its answer (as the integration response lists them). */
    static final List<String> ANSWERING_ERRORS = List.of("RequestRefused", "SessionFailed", "ResultEventNotPublished");

    static Dataset lastfm;

    /** The API's own listener (the Lambda extension's mock event server would take a bare RestAssured call). */
    @TestHTTPResource("/")
    URL root;
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
    ObjectMapper json;

    HandlerBridge bridge;
    Path work;

    /** An answer: the HTTP status and the body. */
    record Answer(int status, JsonNode body) {
    }

    @BeforeAll
    static void data() {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
    }

    @BeforeEach
    void bridge() throws Exception {
        bridge = new HandlerBridge(json, Map.of(
                "events:putEvents", HandlerBridge.route(new EventBusCapture(), JsonNode.class),
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

    @Test
    void anAcceptedSessionIsAnsweredTheSame() throws Exception {
        EvaluationCase c = testCase(20);
        ObjectNode request = request("contract-accepted", c, 4);
        Answer local = local(request, turns(c, new int[] {3, 5}, new boolean[] {false, true}));
        Answer aws = aws(request, turns(c, new int[] {3, 5}, new boolean[] {false, true}));
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.body().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(local.body().get("transcript")).hasSize(2);
        assertSame(local, aws, false);
    }

    @Test
    void aSessionWithoutASessionIdIsAnsweredTheSameUnderItsOwnId() throws Exception {
        EvaluationCase c = testCase(21);
        ObjectNode request = request(null, c, 4);
        Answer local = local(request, turns(c, new int[] {1}, new boolean[] {true}));
        Answer aws = aws(request, turns(c, new int[] {1}, new boolean[] {true}));
        assertThat(local.status()).isEqualTo(200);
        assertThat(aws.body().get("sessionId").asText()).as("the API request id").startsWith("apigw-request-");
        assertSame(local, aws, true);
    }

    @Test
    void aMaxRoundsSessionIsAnsweredTheSame() throws Exception {
        EvaluationCase c = testCase(22);
        ObjectNode request = request("contract-max-rounds", c, 2);
        Answer local = local(request, turns(c, new int[] {2, 4}, new boolean[] {false, false}));
        Answer aws = aws(request, turns(c, new int[] {2, 4}, new boolean[] {false, false}));
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.body().get("status").asText()).isEqualTo("MAX_ROUNDS");
        assertSame(local, aws, false);
    }

    /** A step that fails for good (the LLM down through every retry) after one round was played. */
    @Test
    void aFailedSessionIsAnsweredTheSameProblem() throws Exception {
        EvaluationCase c = testCase(23);
        ObjectNode request = request("contract-failed", c, 4);
        List<ScriptedChatServer.Step> localTurns = new ArrayList<>(turns(c, new int[] {6}, new boolean[] {false}));
        localTurns.add(status(503)); // the local loop asks once (call retries 0) and fails the session
        List<ScriptedChatServer.Step> awsTurns = new ArrayList<>(turns(c, new int[] {6}, new boolean[] {false}));
        for (int i = 0; i < 4; i++) {
            awsTurns.add(status(503)); // the recommend step, tried once and retried three times by the definition
        }
        Answer local = local(request, localTurns);
        Answer aws = aws(request, awsTurns);
        assertThat(local.status()).isEqualTo(502);
        assertThat(local.body().get("type").asText()).isEqualTo(RefinementProblems.REFINEMENT_FAILED);
        assertThat(local.body().get("sessionId").asText()).isEqualTo("contract-failed");
        assertThat(local.body().get("detail").asText()).contains("after 1 round").doesNotContain("Exception", "503");
        assertSame(local, aws, false);
    }

    @Test
    void aRequestNamingAnUnknownItemIsRefusedTheSame() throws Exception {
        EvaluationCase c = testCase(24);
        ObjectNode request = request("contract-unknown-item", c, 4);
        ((ObjectNode) request.withArray("candidates").get(3)).put("id", "no-such-artist");
        Answer local = local(request, List.of());
        Answer aws = aws(request, List.of());
        assertThat(local.status()).isEqualTo(400);
        assertThat(local.body().at("/errors/0/field").asText()).isEqualTo("candidates[3].id");
        assertThat(local.body().at("/errors/0/message").asText()).contains("'no-such-artist'");
        assertSame(local, aws, false);
    }

    @Test
    void aRequestWithARoundLimitOutOfRangeIsRefusedTheSame() throws Exception {
        EvaluationCase c = testCase(25);
        ObjectNode request = request("contract-bad-field", c, 0);
        Answer local = local(request, List.of());
        Answer aws = aws(request, List.of());
        assertThat(local.status()).isEqualTo(400);
        assertThat(local.body().at("/errors/0/field").asText()).isEqualTo("maxRounds");
        assertSame(local, aws, false);
    }

    /** A session id taken by another request: 409 on both paths (each store holds the first request's session). */
    @Test
    void aSessionIdTakenByAnotherRequestIsAConflictOnBoth() throws Exception {
        EvaluationCase c = testCase(26);
        ObjectNode first = request("contract-taken", c, 1);
        List<ScriptedChatServer.Step> once = turns(c, new int[] {0}, new boolean[] {true});
        assertThat(local(first, once).status()).isEqualTo(200);
        assertThat(aws(first, once).status()).isEqualTo(200);
        ObjectNode other = request("contract-taken", c, 3);
        Answer local = local(other, List.of());
        Answer aws = aws(other, List.of());
        assertThat(local.status()).isEqualTo(409);
        assertSame(local, aws, false);
    }

    /**
     * The start step failing for a reason of its own (here Lambda's, through every retry) has no local
     * counterpart to send the same request to: the definition answers what the local API answers for a failure it
     * did not foresee, in the core's words, without the error or its cause.
     */
    @Test
    void aStartStepThatFailsForGoodIsAnsweredAsTheLocalApiAnswersAnUnexpectedFailure() throws Exception {
        EvaluationCase c = testCase(27);
        bridge.failNext("start", "Lambda.Unknown", 4);
        Answer aws = aws(request("contract-start-down", c, 4), List.of());
        assertThat(aws.status()).isEqualTo(500);
        assertThat(aws.body()).isEqualTo(json.valueToTree(RefinementProblems.unexpected(
                RefinementProblems.REFINEMENTS_PATH)));
        assertThat(aws.body().toString()).doesNotContain("Lambda.Unknown", "injected");
    }

    /** The same answer: status and body, but for the times and (when the caller gave none) the session's id. */
    private void assertSame(Answer local, Answer aws, boolean idGivenByServer) {
        assertThat(aws.status()).as("the status; AWS answered %s", aws.body()).isEqualTo(local.status());
        assertThat(comparable(aws.body(), idGivenByServer)).as("the body")
                .isEqualTo(comparable(local.body(), idGivenByServer));
    }

    private static JsonNode comparable(JsonNode body, boolean idGivenByServer) {
        ObjectNode copy = body.deepCopy();
        copy.remove(List.of("createdAt", "updatedAt"));
        if (idGivenByServer) {
            copy.remove(List.of("sessionId", "links"));
        }
        for (JsonNode round : copy.path("transcript")) {
            for (String agent : List.of("recommender", "user")) {
                ((ObjectNode) round.get(agent)).remove("latencyMillis");
            }
        }
        return copy;
    }

    /** The answer of {@code afl serve}'s API. */
    private Answer local(ObjectNode request, List<ScriptedChatServer.Step> turns) throws IOException {
        ServerlessResources.llm.script(turns.toArray(ScriptedChatServer.Step[]::new));
        Response response = RestAssured.given().baseUri(root.toString()).contentType("application/json").body(json.writeValueAsString(request))
                .post("/v1/refinements");
        assertThat(ServerlessResources.llm.remainingSteps()).as("LLM replies left unasked locally; answered %s %s",
                response.statusCode(), response.asString()).isZero();
        return new Answer(response.statusCode(), json.readTree(response.asString()));
    }

    /**
     * The answer through the definition: the input API Gateway's request template builds ({request, delivery} with
     * the API request id), the execution's result read as its integration response reads it.
     */
    private Answer aws(ObjectNode request, List<ScriptedChatServer.Step> turns) throws Exception {
        ServerlessResources.llm.script(turns.toArray(ScriptedChatServer.Step[]::new));
        Map<String, Object> input = Map.of("request", request, "delivery",
                Map.of("sessionId", "apigw-request-" + System.nanoTime()));
        JsonNode execution = StateMachineRunner.run(StateMachineTest.DEFINITION, input, bridge.url(), work);
        assertThat(ServerlessResources.llm.remainingSteps()).as("LLM replies left unasked in AWS").isZero();
        String status = execution.get("status").asText();
        if (status.equals("SUCCEEDED")) {
            return new Answer(200, execution.get("output"));
        }
        assertThat(status).as(execution.toString()).isEqualTo("FAILED");
        assertThat(ANSWERING_ERRORS).as("an error whose cause the integration passes on: " + execution)
                .contains(execution.get("error").asText());
        JsonNode problem = json.readTree(execution.get("cause").asText());
        return new Answer(problem.get("status").asInt(), problem);
    }

    private ObjectNode request(String sessionId, EvaluationCase c, int maxRounds) {
        ObjectNode request = json.createObjectNode();
        if (sessionId != null) {
            request.put("sessionId", sessionId);
        }
        request.put("dataset", "lastfm").put("maxRounds", maxRounds);
        c.history().forEach(id -> request.withArray("history").addObject().put("id", id)
                .put("title", lastfm.catalog().require(id).title()));
        c.candidates().forEach(id -> request.withArray("candidates").addObject().put("id", id)
                .put("title", lastfm.catalog().require(id).title()));
        return request;
    }

    private static EvaluationCase testCase(int index) {
        return EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0).get(index);
    }

    /** Scripted replies: the recommender names candidates[picks[i]], the user answers decisions[i]. */
    private static List<ScriptedChatServer.Step> turns(EvaluationCase c, int[] picks, boolean[] decisions) {
        List<ScriptedChatServer.Step> steps = new ArrayList<>();
        for (int i = 0; i < picks.length; i++) {
            steps.add(reply("Reason: pick " + i + ".\nItem: " + lastfm.catalog().require(c.candidates()
                    .get(picks[i])).title()));
            if (i < decisions.length) {
                steps.add(reply("Reason: reaction " + i + ".\nDecision: " + (decisions[i] ? "yes" : "no")));
            }
        }
        return steps;
    }
}

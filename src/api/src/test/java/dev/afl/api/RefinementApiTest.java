package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.app.AgentFactory;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.catalog.Item;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.Budget;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The API's happy paths against the real models and the offline agents: the synchronous answer is the one loop's
 * outcome with its transcript, the asynchronous session ends the same way, transcripts page, a session id is
 * idempotent, and the OpenAPI document describes it all.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class RefinementApiTest {

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "afl.api.store-dir")
    String storeDir;
    @Inject
    ConfiguredLoopModels models;
    @Inject
    AgentFactory agents;

    /** Requests to the API (RestAssured's default port is the Lambda mock event server's in this application). */
    private RequestSpecification given() {
        return RestAssured.given().baseUri(root.toString());
    }

    /** The same request through the one loop, in memory: what the API has to answer. */
    private Session expected(EvaluationCase c, int maxRounds) {
        FeedbackLoop loop = new FeedbackLoop(models, agents.recommendationAgent(), agents.userAgent(),
                new InMemoryMemoryStore());
        return loop.run(new RefinementRequest("expected-" + c.row(), "lastfm", items(c.history()),
                items(c.candidates()), maxRounds));
    }

    private static List<Item> items(List<String> ids) {
        return ids.stream().map(ApiTestCases.lastfm().catalog()::require).toList();
    }

    /** A real test row on which the offline agents reject at least {@code rejections} times before the end. */
    private EvaluationCase caseWithRounds(int rounds) {
        for (EvaluationCase c : ApiTestCases.cases()) {
            if (expected(c, 4).rounds().size() >= rounds) {
                return c;
            }
        }
        throw new AssertionError("no LastFM test row takes " + rounds + " rounds with the offline agents: the bundled"
                + " models changed; pick the test rows anew");
    }

    @Test
    void theSynchronousAnswerIsTheLoopsOutcomeWithItsTranscript() {
        EvaluationCase c = caseWithRounds(2);
        Session expected = expected(c, 4);
        String id = "sync-" + c.row();
        String body = ApiTestCases.body(id, c, 4);

        JsonPath answer = given().contentType("application/json").body(body).post("/v1/refinements")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertThat(answer.getString("sessionId")).isEqualTo(id);
        assertThat(answer.getString("status")).isEqualTo(expected.status().name());
        assertThat(answer.getString("agents")).isEqualTo("offline");
        assertThat(answer.getString("finalItem.id")).isEqualTo(expected.finalItemId()).isIn(c.candidates());
        assertThat(answer.getString("finalItem.title"))
                .isEqualTo(ApiTestCases.lastfm().catalog().require(expected.finalItemId()).title());
        assertThat(answer.getInt("roundsPlayed")).isEqualTo(expected.rounds().size());
        assertThat(answer.getList("transcript.item.id", String.class))
                .containsExactlyElementsOf(expected.rounds().stream().map(RoundRecord::itemId).toList());
        assertThat(answer.getList("transcript.accepted", Boolean.class))
                .containsExactlyElementsOf(expected.rounds().stream().map(RoundRecord::accepted).toList());
        assertThat(answer.getList("transcript.userReason", String.class)).allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(answer.getString("recommendationModel")).isEqualTo("lastfm/gru4rec");
        assertThat(answer.getString("links.self")).isEqualTo("/v1/sessions/" + id);
        assertThat(Path.of(storeDir, id + ".json")).as("the session is stored").exists();

        // Asked again, the stored session is the answer: nothing runs twice.
        String again = given().contentType("application/json").body(body).post("/v1/refinements")
                .then().statusCode(200).extract().asString();
        assertThat(JsonPath.from(again).getString("updatedAt")).isEqualTo(answer.getString("updatedAt"));

        JsonPath stored = given().get("/v1/sessions/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("status")).isEqualTo(expected.status().name());
        assertThat(stored.getString("finalItem.id")).isEqualTo(expected.finalItemId());
        assertThat(stored.getInt("roundsPlayed")).isEqualTo(expected.rounds().size());
        assertThat(stored.getMap("$")).doesNotContainKey("transcript");
    }

    @Test
    void aBudgetInTheRequestEndsTheSessionAsTheLoopWouldAndNamesTheLimit() {
        Budget patience = new Budget(null, null, null, null, null, 1);
        FeedbackLoop loop = new FeedbackLoop(models, agents.recommendationAgent(), agents.userAgent(),
                new InMemoryMemoryStore());
        EvaluationCase c = null;
        Session expected = null;
        for (EvaluationCase candidate : ApiTestCases.cases()) {
            Session played = loop.run(new RefinementRequest("budget-expected-" + candidate.row(), "lastfm",
                    items(candidate.history()), items(candidate.candidates()), 4, patience));
            if (played.status() == SessionStatus.NO_IMPROVEMENT) {
                c = candidate;
                expected = played;
                break;
            }
        }
        assertThat(c).as("a LastFM test row whose reward does not improve in round 2 with the offline agents")
                .isNotNull();
        String id = "budget-" + c.row();
        String body = ApiTestCases.body(id, c, 4).replaceFirst("\\}\\s*$", ", \"budget\": {\"patienceRounds\": 1}}");

        JsonPath answer = given().contentType("application/json").body(body).post("/v1/refinements")
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("status")).isEqualTo("NO_IMPROVEMENT");
        assertThat(answer.getInt("roundsPlayed")).isEqualTo(expected.rounds().size()).isLessThan(4);
        assertThat(answer.getString("finalItem.id")).isEqualTo(expected.finalItemId());
    }

    @Test
    void anEmptyBudgetIsNoBudgetSoTheRequestsAreTheSame() {
        EvaluationCase c = ApiTestCases.cases().get(6);
        String id = "empty-budget-" + c.row();
        String plain = ApiTestCases.body(id, c, 2);
        String empty = plain.replaceFirst("\\}\\s*$", ", \"budget\": {}}");
        String pricesOnly = plain.replaceFirst("\\}\\s*$", ", \"budget\": {\"inputPricePerMillion\": 1}}");

        JsonPath first = given().contentType("application/json").body(empty).post("/v1/refinements")
                .then().statusCode(200).extract().jsonPath();
        for (String same : List.of(plain, empty, pricesOnly)) {
            Response again = given().contentType("application/json").body(same).post("/v1/refinements");
            assertThat(again.statusCode()).as(same + " -> " + again.asString()).isEqualTo(200);
            assertThat(again.jsonPath().getString("updatedAt")).as("the stored session").isEqualTo(
                    first.getString("updatedAt"));
        }
    }

    @Test
    void anAsynchronousRefinementIsAcceptedThenEndsAsTheLoopWould() throws InterruptedException {
        EvaluationCase c = caseWithRounds(2);
        Session expected = expected(c, 3);
        String id = "async-" + c.row();
        String body = ApiTestCases.body(id, c, 3);

        Response submitted = given().contentType("application/json").body(body).post("/v1/sessions");
        assertThat(submitted.statusCode()).as(submitted.asString()).isEqualTo(202);
        assertThat(submitted.header("Location")).endsWith("/v1/sessions/" + id);
        assertThat(submitted.jsonPath().getString("status")).isEqualTo("RUNNING");
        assertThat(submitted.jsonPath().getInt("roundsPlayed")).isZero();

        JsonPath ended = awaitEnd(submitted.header("Location"));
        assertThat(ended.getString("status")).isEqualTo(expected.status().name());
        assertThat(ended.getString("finalItem.id")).isEqualTo(expected.finalItemId());
        assertThat(ended.getInt("roundsPlayed")).isEqualTo(expected.rounds().size());

        // Submitted again once it has ended: answered as stored, 200.
        JsonPath resubmitted = given().contentType("application/json").body(body).post("/v1/sessions")
                .then().statusCode(200).extract().jsonPath();
        assertThat(resubmitted.getString("status")).isEqualTo(expected.status().name());
        assertThat(resubmitted.getString("updatedAt")).isEqualTo(ended.getString("updatedAt"));
    }

    @Test
    void transcriptPagesWalkEveryRoundOnceInOrder() {
        EvaluationCase c = caseWithRounds(3);
        String id = "paged-" + c.row();
        List<String> transcript = given().contentType("application/json").body(ApiTestCases.body(id, c, 4))
                .post("/v1/refinements").then().statusCode(200).extract().jsonPath()
                .getList("transcript.item.id", String.class);
        assertThat(transcript).hasSizeGreaterThanOrEqualTo(3);

        List<String> paged = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        String next = "/v1/sessions/" + id + "/rounds?limit=2";
        int pages = 0;
        while (next != null) {
            JsonPath page = given().get(next).then().statusCode(200).extract().jsonPath();
            assertThat(page.getInt("total")).isEqualTo(transcript.size());
            assertThat(page.getList("rounds")).hasSizeLessThanOrEqualTo(2);
            paged.addAll(page.getList("rounds.item.id", String.class));
            numbers.addAll(page.getList("rounds.round", Integer.class));
            next = page.getString("next");
            pages++;
        }
        assertThat(paged).containsExactlyElementsOf(transcript);
        assertThat(numbers).isSorted().doesNotHaveDuplicates().startsWith(1);
        assertThat(pages).isEqualTo((transcript.size() + 1) / 2);

        JsonPath whole = given().get("/v1/sessions/" + id + "/rounds").then().statusCode(200).extract().jsonPath();
        assertThat(whole.getInt("limit")).isEqualTo(SessionResource.DEFAULT_PAGE);
        assertThat(whole.getList("rounds.item.id", String.class)).containsExactlyElementsOf(transcript);
        assertThat(whole.getString("next")).isNull();
        JsonPath beyond = given().get("/v1/sessions/" + id + "/rounds?offset=50").then().statusCode(200).extract()
                .jsonPath();
        assertThat(beyond.getList("rounds")).isEmpty();
    }

    @Test
    void aSessionIdTakenByAnotherRequestIsAConflictAndTheSessionStaysAsItWas() throws Exception {
        EvaluationCase c = ApiTestCases.cases().get(5);
        String id = "taken-" + c.row();
        given().contentType("application/json").body(ApiTestCases.body(id, c, 2)).post("/v1/refinements")
                .then().statusCode(200);
        Path file = Path.of(storeDir, id + ".json");
        byte[] before = Files.readAllBytes(file);
        for (String path : new String[] {"/v1/refinements", "/v1/sessions"}) {
            Response conflict = given().contentType("application/json").body(ApiTestCases.body(id, c, 3)).post(path);
            assertThat(conflict.statusCode()).as(path).isEqualTo(409);
            assertThat(conflict.contentType()).startsWith("application/problem+json");
            assertThat(conflict.jsonPath().getList("errors.field", String.class)).containsExactly("sessionId");
            assertThat(conflict.jsonPath().getString("detail")).contains(id, "different request");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpointsAndTheirSchemas() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        assertThat(doc.getString("info.title")).isEqualTo("AFL refinement API");
        assertThat(doc.getMap("paths")).containsOnlyKeys("/v1/refinements", "/v1/sessions", "/v1/sessions/{id}",
                "/v1/sessions/{id}/rounds", "/v1/sessions/{id}/events");
        assertThat(doc.getMap("paths.'/v1/refinements'")).containsOnlyKeys("post");
        assertThat(doc.getMap("paths.'/v1/sessions'")).containsOnlyKeys("post");
        assertThat(doc.getMap("paths.'/v1/sessions/{id}'")).containsOnlyKeys("get");
        assertThat(doc.getMap("paths.'/v1/refinements'.post.responses"))
                .containsKeys("200", "400", "409", "415", "500");
        assertThat(doc.getMap("paths.'/v1/sessions'.post.responses")).containsKeys("202", "400", "409", "503");
        assertThat(doc.getMap("paths.'/v1/refinements'.post.responses.'400'.content"))
                .containsOnlyKeys("application/problem+json");
        assertThat(doc.getString(
                "paths.'/v1/refinements'.post.requestBody.content.'application/json'.examples.lastfm.value"))
                .isNotBlank();
        assertThat(doc.getList("paths.'/v1/sessions/{id}/rounds'.get.parameters.name"))
                .contains("id", "offset", "limit");

        assertThat(doc.getMap("components.schemas")).containsKeys("RefinementRequest", "Item", "Session", "Round",
                "RoundsPage", "Problem", "FieldError");
        String request = "components.schemas.RefinementRequest";
        assertThat(doc.getString(request + ".description")).contains("history", "candidates");
        assertThat(doc.getMap(request + ".properties")).containsOnlyKeys("sessionId", "dataset", "history",
                "candidates", "maxRounds", "budget");
        assertThat(doc.getList(request + ".required")).contains("dataset", "history", "candidates");
        assertThat(doc.getInt(request + ".properties.history.minItems")).isEqualTo(1);
        assertThat(doc.getInt(request + ".properties.history.maxItems")).isEqualTo(RefinementRequest.MAX_HISTORY);
        assertThat(doc.getInt(request + ".properties.candidates.minItems")).isEqualTo(2);
        assertThat(doc.getInt(request + ".properties.candidates.maxItems")).isEqualTo(RefinementRequest.MAX_CANDIDATES);
        assertThat(doc.getInt(request + ".properties.maxRounds.maximum")).isEqualTo(RefinementRequest.MAX_ROUNDS_LIMIT);
        assertThat(doc.getString(request + ".properties.maxRounds.description")).isNotBlank();
        assertThat(doc.getString("components.schemas.Item.properties.id.pattern")).isEqualTo(ApiItem.ID_PATTERN);
        assertThat(doc.getList("components.schemas.Item.properties.id.examples")).isNotEmpty();
        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status",
                "detail", "errors");
        assertThat(doc.getMap("components.schemas.Session.properties")).containsKeys("status", "finalItem",
                "roundsPlayed", "transcript");
        assertThat(given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200)
                .contentType("application/yaml").extract().asString()).startsWith("---\nopenapi: 3.1.0")
                .contains("/v1/refinements:");
    }

    private JsonPath awaitEnd(String location) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonPath session = given().get(location).then().statusCode(200).extract().jsonPath();
            if (!session.getString("status").equals("RUNNING")) {
                return session;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("session " + location + " still RUNNING after 60 s: " + session.prettify());
            }
            Thread.sleep(50);
        }
    }
}

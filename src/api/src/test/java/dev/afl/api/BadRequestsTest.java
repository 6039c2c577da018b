package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request is answered 4xx as application/problem+json naming the field at fault, with no stack
 * trace, and stores nothing: on the synchronous and the asynchronous endpoint alike.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class BadRequestsTest {

    private static final String JSON = "application/json";
    private static final String DATASET = "\"dataset\": \"lastfm\"";
    private static final String HISTORY = "\"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}, {\"id\": \"63\"},"
            + " {\"id\": \"73\"}]";
    private static final String CANDIDATES = "\"candidates\": [{\"id\": \"96\"}, {\"id\": \"995\"}, {\"id\": \"6160\"},"
            + " {\"id\": \"6177\"}]";

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "afl.api.store-dir")
    String storeDir;

    /** A bad request: what is sent, and the status and field the answer must name. */
    record Bad(String name, String contentType, String body, int status, String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** A request body with a placeholder session id (replaced per endpoint) and the given fields. */
    private static String request(String... fields) {
        return "{\"sessionId\": \"SID\", " + String.join(", ", fields) + "}";
    }

    private static String ids(String field, int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"id\": \"item" + i + "\"}")
                .collect(Collectors.joining(", ", "\"" + field + "\": [", "]"));
    }

    /** A JSON body refused 400, naming {@code field}. */
    private static Bad bad(String name, String body, String field) {
        return new Bad(name, JSON, body, 400, field);
    }

    static Stream<Bad> badRequests() {
        String valid = request(DATASET, HISTORY, CANDIDATES);
        return Stream.of(
                bad("malformed JSON", "{\"sessionId\": \"SID\", \"dataset\": ", "body"),
                bad("text after the JSON object", valid + " {}", "body"),
                bad("an array, not an object", "[\"52\", \"63\"]", "body"),
                bad("empty body", "", "body"),
                new Bad("not sent as JSON", "text/plain", valid, 415, "Content-Type"),
                bad("unknown field", request(DATASET, HISTORY, CANDIDATES, "\"user\": \"alice\""), "user"),
                bad("unknown field in an item", request(DATASET, HISTORY,
                        "\"candidates\": [{\"id\": \"96\"}, {\"id\": \"995\", \"rating\": 5}]"),
                        "candidates[1].rating"),
                bad("no dataset", request(HISTORY, CANDIDATES), "dataset"),
                bad("unknown dataset", request("\"dataset\": \"netflix\"", HISTORY, CANDIDATES), "dataset"),
                bad("no history", request(DATASET, CANDIDATES), "history"),
                bad("empty history", request(DATASET, "\"history\": []", CANDIDATES), "history"),
                bad("history of 201 items", request(DATASET, ids("history", 201), CANDIDATES), "history"),
                bad("history not a list", request(DATASET, "\"history\": \"52\"", CANDIDATES), "history"),
                bad("one candidate", request(DATASET, HISTORY, "\"candidates\": [{\"id\": \"96\"}]"), "candidates"),
                bad("101 candidates", request(DATASET, HISTORY, ids("candidates", 101)), "candidates"),
                bad("a candidate twice", request(DATASET, HISTORY,
                        "\"candidates\": [{\"id\": \"96\"}, {\"id\": \"995\"}, {\"id\": \"96\"}]"),
                        "candidates[2].id"),
                bad("a null candidate", request(DATASET, HISTORY,
                        "\"candidates\": [{\"id\": \"96\"}, null, {\"id\": \"995\"}]"), "candidates[1]"),
                bad("blank item id", request(DATASET, "\"history\": [{\"id\": \" \"}]", CANDIDATES), "history[0].id"),
                bad("item id with a space", request(DATASET,
                        "\"history\": [{\"id\": \"52\"}, {\"id\": \"6 3\"}]", CANDIDATES), "history[1].id"),
                bad("item id of 129 characters", request(DATASET, HISTORY,
                        "\"candidates\": [{\"id\": \"" + "7".repeat(129) + "\"}, {\"id\": \"96\"}]"),
                        "candidates[0].id"),
                bad("item id an object", request(DATASET, "\"history\": [{\"id\": {\"value\": 52}}]",
                        CANDIDATES), "history[0].id"),
                bad("title of 501 characters", request(DATASET,
                        "\"history\": [{\"id\": \"52\", \"title\": \"" + "M".repeat(501) + "\"}]", CANDIDATES),
                        "history[0].title"),
                bad("item the models do not know", request(DATASET, HISTORY, "\"candidates\": [{\"id\": \"96\"},"
                        + " {\"id\": \"995\"}, {\"id\": \"6160\"}, {\"id\": \"999999999\"}]"), "candidates[3].id"),
                bad("maxRounds 0", request(DATASET, HISTORY, CANDIDATES, "\"maxRounds\": 0"), "maxRounds"),
                bad("budget maxTokens 0", request(DATASET, HISTORY, CANDIDATES, "\"budget\": {\"maxTokens\": 0}"),
                        "budget.maxTokens"),
                bad("budget maxCostUsd negative", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxCostUsd\": -1}"), "budget.maxCostUsd"),
                bad("budget maxWallTime zero", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxWallTime\": \"PT0S\"}"), "budget.maxWallTime"),
                bad("budget maxWallTime not a duration", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxWallTime\": \"soon\"}"), "budget.maxWallTime"),
                bad("budget patienceRounds 0", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"patienceRounds\": 0}"), "budget.patienceRounds"),
                bad("budget an unknown limit", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxRequests\": 3}"), "budget.maxRequests"),
                bad("budget not an object", request(DATASET, HISTORY, CANDIDATES, "\"budget\": 5"), "budget"),
                bad("maxRounds 21", request(DATASET, HISTORY, CANDIDATES, "\"maxRounds\": 21"), "maxRounds"),
                bad("maxRounds a fraction", request(DATASET, HISTORY, CANDIDATES, "\"maxRounds\": 2.5"), "maxRounds"),
                bad("maxRounds as text", request(DATASET, HISTORY, CANDIDATES, "\"maxRounds\": \"4\""), "maxRounds"),
                bad("maxRounds beyond any whole number", request(DATASET, HISTORY, CANDIDATES,
                        "\"maxRounds\": 2147483648"), "maxRounds"),
                bad("session id that is a path", "{\"sessionId\": \"../../etc/passwd\", " + DATASET + ", " + HISTORY
                        + ", " + CANDIDATES + "}", "sessionId"),
                // Each of these would be a valid request if the last key won or the value were converted.
                bad("session id given twice", "{\"sessionId\": \"SID\", \"sessionId\": \"SID-2\", " + DATASET + ", "
                        + HISTORY + ", " + CANDIDATES + "}", "sessionId"),
                bad("dataset given twice", request(DATASET, "\"dataset\": \"lastfm\"", HISTORY, CANDIDATES), "dataset"),
                bad("an item's id given twice", request(DATASET, HISTORY,
                        "\"candidates\": [{\"id\": \"96\"}, {\"id\": \"1\", \"id\": \"995\"}]"), "candidates[1].id"),
                bad("a budget limit given twice", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxTokens\": 1, \"maxTokens\": 5000}"), "budget.maxTokens"),
                bad("session id a number", "{\"sessionId\": 12, " + DATASET + ", " + HISTORY + ", " + CANDIDATES + "}",
                        "sessionId"),
                bad("a title a number", request(DATASET, "\"history\": [{\"id\": \"52\", \"title\": 5}]",
                        CANDIDATES), "history[0].title"),
                bad("an item id a number", request(DATASET, "\"history\": [{\"id\": 52}]", CANDIDATES),
                        "history[0].id"),
                bad("dataset true", request("\"dataset\": true", HISTORY, CANDIDATES), "dataset"),
                bad("budget maxTokens as text", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxTokens\": \"5000\"}"), "budget.maxTokens"),
                bad("budget maxCostUsd as text", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxCostUsd\": \"1.5\"}"), "budget.maxCostUsd"),
                bad("budget maxWallTime a number", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"maxWallTime\": 30}"), "budget.maxWallTime"),
                bad("budget with a negative price alone", request(DATASET, HISTORY, CANDIDATES,
                        "\"budget\": {\"inputPricePerMillion\": -1}"), "budget.prices"));
    }

    static Stream<Arguments> badRequestsOnBothEndpoints() {
        return badRequests().flatMap(bad -> Stream.of(Arguments.of("/v1/refinements", bad),
                Arguments.of("/v1/sessions", bad)));
    }

    private RequestSpecification given() {
        return RestAssured.given().baseUri(root.toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badRequestsOnBothEndpoints")
    void isRefusedWithTheFieldAndStoresNothing(String path, Bad bad) {
        String sessionId = "bad-" + Math.abs((path + bad.name()).hashCode());
        List<String> before = ApiTestCases.storedSessions(Path.of(storeDir));

        Response answer = given().contentType(bad.contentType()).body(bad.body().replace("SID", sessionId)).post(path);

        assertProblem(answer, bad.status(), bad.field());
        assertThat(ApiTestCases.storedSessions(Path.of(storeDir))).as("sessions stored").isEqualTo(before);
        given().get("/v1/sessions/" + sessionId).then().statusCode(404);
    }

    static Stream<Arguments> badReads() {
        return Stream.of(
                Arguments.of("unknown session", "GET", "/v1/sessions/nobody-here", 404, null),
                Arguments.of("session id that is not one", "GET", "/v1/sessions/-dash-first", 400, "id"),
                Arguments.of("limit 0", "GET", "/v1/sessions/nobody/rounds?limit=0", 400, "limit"),
                Arguments.of("limit 21", "GET", "/v1/sessions/nobody/rounds?limit=21", 400, "limit"),
                Arguments.of("limit not a number", "GET", "/v1/sessions/nobody/rounds?limit=ten", 400, "limit"),
                Arguments.of("negative offset", "GET", "/v1/sessions/nobody/rounds?offset=-1", 400, "offset"),
                Arguments.of("limit given twice", "GET", "/v1/sessions/nobody/rounds?limit=5&limit=6", 400, "limit"),
                Arguments.of("offset given twice, the same", "GET", "/v1/sessions/nobody/rounds?offset=0&offset=0", 400,
                        "offset"),
                Arguments.of("a parameter given twice on a session read", "GET",
                        "/v1/sessions/nobody-here?limit=1&limit=2", 400, "limit"),
                Arguments.of("rounds of an unknown session", "GET", "/v1/sessions/nobody-here/rounds", 404, null),
                Arguments.of("unknown path", "GET", "/v1/recommendations", 404, null),
                Arguments.of("wrong method", "DELETE", "/v1/sessions/nobody-here", 405, null),
                Arguments.of("GET on the synchronous endpoint", "GET", "/v1/refinements", 405, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReads")
    void badReadsAreProblemsToo(String name, String method, String path, int status, String field) {
        assertProblem(given().request(method, path), status, field);
    }

    private static void assertProblem(Response answer, int status, String field) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(answer.jsonPath().getString("type")).isNotBlank();
        assertThat(answer.jsonPath().getString("title")).isNotBlank();
        assertThat(answer.jsonPath().getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(answer.jsonPath().getList("errors.field", String.class)).contains(field);
            assertThat(answer.jsonPath().getList("errors.message", String.class))
                    .allSatisfy(m -> assertThat(m).isNotBlank());
        }
        assertThat(answer.asString()).doesNotContain("\tat ", "dev.afl.", "Exception");
    }
}

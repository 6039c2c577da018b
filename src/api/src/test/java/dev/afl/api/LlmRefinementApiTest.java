package dev.afl.api;

import static dev.afl.agent.llm.ScriptedChatServer.echoAuthorization;
import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static dev.afl.agent.llm.ScriptedChatServer.stall;
import static dev.afl.agent.llm.ScriptedChatServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The API with LLM agents, faked at the wire: the transcript carries the LLM's reasons; a full background pool is
 * answered 503 with Retry-After and stores nothing; an LLM that cannot answer fails the session, answered 502 with
 * the session to look at; a stalled reply lets the caller and the background worker go at the call's deadline; an
 * LLM that refuses the key, echoing it, fails the session without the key in any answer.
 */
@QuarkusTest
@TestProfile(LlmApiProfile.class)
class LlmRefinementApiTest {

    private static final String BODY = "{\"sessionId\": \"SID\", \"dataset\": \"lastfm\", \"maxRounds\": 2,"
            + " \"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}, {\"id\": \"63\", \"title\": \"Enigma\"}],"
            + " \"candidates\": [{\"id\": \"53\", \"title\": \"Air\"}, {\"id\": \"1824\", \"title\": \"Zero 7\"},"
            + " {\"id\": \"2605\", \"title\": \"Bonobo\"}]}";

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "afl.api.store-dir")
    String storeDir;

    private RequestSpecification given() {
        return RestAssured.given().baseUri(root.toString());
    }

    private static ScriptedChatServer llm() {
        return ScriptedChatServerAccess.server();
    }

    @Test
    void theTranscriptCarriesTheLlmAgentsReasons() {
        llm().script(reply("Reason: downtempo like Morcheeba.\nItem: Zero 7"),
                reply("Reason: not today.\nDecision: no"),
                reply("Reason: trip-hop classics.\nItem: Air"), reply("Reason: yes, Air fits.\nDecision: yes"));
        JsonPath answer = given().contentType("application/json").body(BODY.replace("SID", "llm-1"))
                .post("/v1/refinements").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("agents")).isEqualTo("llm");
        assertThat(answer.getString("status")).isEqualTo("ACCEPTED");
        assertThat(answer.getString("finalItem.title")).isEqualTo("Air");
        assertThat(answer.getList("transcript.recommendationReason", String.class))
                .containsExactly("downtempo like Morcheeba.", "trip-hop classics.");
        assertThat(answer.getList("transcript.userReason", String.class))
                .containsExactly("not today.", "yes, Air fits.");
        assertThat(answer.getList("transcript.recommender.model", String.class)).containsOnly("scripted-recommender");
        assertThat(llm().remainingSteps()).isZero();
    }

    @Test
    void anIdOnlyRequestReachesTheAgentsWithTheCatalogsTitles() {
        llm().script(reply("Reason: downtempo.\nItem: Zero 7"), reply("Reason: yes.\nDecision: yes"));
        int before = 0; // script() starts the server's request log afresh
        String idOnly = BODY.replace("SID", "llm-ids").replaceAll(", \\\"title\\\": \\\"[^\\\"]*\\\"", "");
        assertThat(idOnly).doesNotContain("title");
        JsonPath answer = given().contentType("application/json").body(idOnly).post("/v1/refinements").then()
                .statusCode(200).extract().jsonPath();
        assertThat(answer.getString("finalItem.id")).isEqualTo("1824");
        assertThat(answer.getString("finalItem.title")).isEqualTo("Zero 7");
        assertThat(llm().requests()).hasSize(before + 2);
        for (int i = before; i < before + 2; i++) {
            String prompt = llm().conversation(i);
            assertThat(prompt).contains("Morcheeba", "Enigma");
            // Never a bare id where a title belongs ("- 52", "- 1824").
            assertThat(prompt).doesNotContainPattern("(?m)^\\s*-\\s*(52|63|53|1824|2605)\\s*$");
        }
        assertThat(llm().conversation(before)).contains("Air", "Zero 7", "Bonobo");
    }

    @Test
    void aFullPoolIsAnswered503WithRetryAfterAndStoresNothing() throws InterruptedException {
        // The one worker is held by a slow LLM; there is no queue, so the second submission finds no place.
        llm().script(slowReply("Reason: fits.\nItem: Air", 1200), reply("Reason: good.\nDecision: yes"));
        given().contentType("application/json").body(BODY.replace("SID", "busy-1")).post("/v1/sessions")
                .then().statusCode(202);
        List<String> before = ApiTestCases.storedSessions(Path.of(storeDir));

        Response refused = given().contentType("application/json").body(BODY.replace("SID", "busy-2"))
                .post("/v1/sessions");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:afl:problem:server-busy");
        assertThat(refused.jsonPath().getString("detail")).contains("afl.api.async-workers");
        assertThat(ApiTestCases.storedSessions(Path.of(storeDir))).isEqualTo(before).doesNotContain("busy-2.json");

        assertThat(awaitEnd("busy-1").getString("status")).isEqualTo("ACCEPTED");
        // The place is free again.
        llm().script(reply("Reason: fits.\nItem: Bonobo"), reply("Reason: good.\nDecision: yes"));
        given().contentType("application/json").body(BODY.replace("SID", "busy-2")).post("/v1/sessions")
                .then().statusCode(202);
        assertThat(awaitEnd("busy-2").getString("finalItem.title")).isEqualTo("Bonobo");
    }

    @Test
    void anLlmThatCannotAnswerFailsTheSessionAnswered502() {
        llm().script(status(503));
        Response failed = given().contentType("application/json").body(BODY.replace("SID", "down-1"))
                .post("/v1/refinements");
        assertThat(failed.statusCode()).as(failed.asString()).isEqualTo(502);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(failed.jsonPath().getString("type")).isEqualTo("urn:afl:problem:refinement-failed");
        assertThat(failed.jsonPath().getString("sessionId")).isEqualTo("down-1");
        assertThat(failed.asString()).doesNotContain("\tat ", "test-key");

        JsonPath session = given().get("/v1/sessions/down-1").then().statusCode(200).extract().jsonPath();
        assertThat(session.getString("status")).isEqualTo("FAILED");
        assertThat(session.getString("failure")).contains("LlmUnavailableException");
        assertThat(session.getInt("roundsPlayed")).isZero();
    }

    /**
     * Issue 15: a reply stalled after its first bytes held the synchronous caller and the background workers until
     * the endpoint died. Now both are let go at the call's deadline (2 s here; no call retries, on-unavailable=fail).
     */
    @Test
    void aStalledReplyLetsTheCallerAndTheWorkerGoAtTheDeadline() throws InterruptedException {
        llm().script(stall());
        long started = System.nanoTime();
        Response failed = given().contentType("application/json").body(BODY.replace("SID", "stalled-1"))
                .post("/v1/refinements");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(failed.statusCode()).as(failed.asString()).isEqualTo(502);
        // Why is in the stored session, not in the answer (as in AWS, where a step's error stays out of it).
        assertThat(failed.jsonPath().getString("detail")).contains("failed after 0 rounds")
                .doesNotContain("2000 ms");
        assertThat(given().get("/v1/sessions/stalled-1").then().statusCode(200).extract().jsonPath()
                .getString("failure")).contains("no complete answer within 2000 ms");
        assertThat(tookMillis).as("the caller waited the deadline, not the stall (60 s)").isLessThan(5_000);

        // The one background worker, likewise: it is free for the next submission soon after the deadline.
        llm().script(stall(), reply("Reason: fits.\nItem: Air"), reply("Reason: good.\nDecision: yes"));
        given().contentType("application/json").body(BODY.replace("SID", "stalled-2")).post("/v1/sessions")
                .then().statusCode(202);
        started = System.nanoTime();
        assertThat(awaitEnd("stalled-2").getString("status")).isEqualTo("FAILED");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        given().contentType("application/json").body(BODY.replace("SID", "stalled-3")).post("/v1/sessions")
                .then().statusCode(202);
        assertThat(awaitEnd("stalled-3").getString("status")).isEqualTo("ACCEPTED");
    }

    /** Issue 15: the key a gateway echoed in its 401 was stored and answered; and a refused key is no outage. */
    @Test
    void aRefusedKeyFailsTheSessionAndNoAnswerCarriesIt() {
        llm().script(echoAuthorization(401));
        Response failed = given().contentType("application/json").body(BODY.replace("SID", "refused-1"))
                .post("/v1/refinements");
        assertThat(failed.statusCode()).as(failed.asString()).isEqualTo(502);
        assertThat(failed.jsonPath().getString("detail")).contains("failed after 0 rounds")
                .doesNotContain("401", "credentials");
        assertThat(given().get("/v1/sessions/refused-1").then().statusCode(200).extract().jsonPath()
                .getString("failure")).contains("The LLM refused the credentials", "HTTP 401 (invalid_api_key)");
        assertThat(llm().requests()).as("not retried").hasSize(1);
        String session = given().get("/v1/sessions/refused-1").then().statusCode(200).extract().asString();
        String rounds = given().get("/v1/sessions/refused-1/rounds").then().statusCode(200).extract().asString();
        assertThat(session).contains("FAILED", "The LLM refused the credentials");
        for (String answer : List.of(failed.asString(), session, rounds)) {
            assertThat(answer).doesNotContain("test-key", "Bearer");
        }
    }

    private JsonPath awaitEnd(String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonPath session = given().get("/v1/sessions/" + sessionId).then().statusCode(200).extract().jsonPath();
            if (!session.getString("status").equals("RUNNING")) {
                return session;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sessionId + " still RUNNING after 30 s: " + session.prettify());
            }
            Thread.sleep(50);
        }
    }
}

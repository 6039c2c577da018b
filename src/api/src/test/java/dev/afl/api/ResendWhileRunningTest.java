package dev.afl.api;

import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The README's promise under load: the same request sent again while its session runs is answered with that
 * session (202 and its Location from POST /v1/sessions, the one outcome from POST /v1/refinements), never played
 * twice and never refused as "being refined"; another request under the taken id stays a 409. The LLM is held
 * slow so that every resend arrives while the session runs, and it is scripted for one play only: a twin that
 * played the session again would find no reply left.
 */
@QuarkusTest
@TestProfile(LlmApiProfile.class)
class ResendWhileRunningTest {

    static final int TWINS = 50;
    /**
     * Each LLM reply comes this late (under the test profile's 2 s call timeout): a session of three rounds runs
     * about 7 s, long enough for all the resends to be answered while it runs.
     */
    static final int SLOW_MILLIS = 1_200;
    private static final String BODY = "{\"sessionId\": \"SID\", \"dataset\": \"lastfm\", \"maxRounds\": 3,"
            + " \"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}, {\"id\": \"63\", \"title\": \"Enigma\"}],"
            + " \"candidates\": [{\"id\": \"53\", \"title\": \"Air\"}, {\"id\": \"1824\", \"title\": \"Zero 7\"},"
            + " {\"id\": \"2605\", \"title\": \"Bonobo\"}]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ScriptedChatServer llm() {
        return ScriptedChatServerAccess.server();
    }

    record Answer(int status, String location, JsonNode body) {
    }

    private Answer post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + path.substring(1)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                JSON.readTree(response.body()));
    }

    /** The same call from {@code count} threads released at once. */
    private static <T> List<T> atOnce(int count, Callable<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    @Test
    void fiftyIdenticalSubmissionsWhileItRunsAreAllAnsweredWithTheRunningSession() throws Exception {
        scriptThreeRounds("Air");
        String body = BODY.replace("SID", "twins-async");

        List<Answer> answers = atOnce(TWINS, () -> post("/v1/sessions", body));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
            assertThat(answer.location()).endsWith("/v1/sessions/twins-async");
            assertThat(answer.body().path("sessionId").asText()).isEqualTo("twins-async");
            assertThat(answer.body().path("status").asText()).isEqualTo("RUNNING");
        });
        // Another request under the id while it runs is still a conflict.
        Answer other = post("/v1/sessions", body.replace("\"maxRounds\": 3", "\"maxRounds\": 2"));
        assertThat(other.status()).as(other.body().toString()).isEqualTo(409);
        assertThat(other.body().path("detail").asText()).contains("different request");

        JsonNode ended = awaitEnd("twins-async");
        assertThat(ended.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(ended.path("roundsPlayed").asInt()).isEqualTo(3);
        assertThat(llm().remainingSteps()).as("the LLM was asked for one play").isZero();
    }

    @Test
    void fiftyIdenticalSynchronousRequestsWhileItRunsAllGetItsOneOutcome() throws Exception {
        scriptThreeRounds("Zero 7");
        String body = BODY.replace("SID", "twins-sync");

        List<Answer> answers = atOnce(TWINS, () -> post("/v1/refinements", body));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.body().path("sessionId").asText()).isEqualTo("twins-sync");
            assertThat(answer.body().path("status").asText()).isEqualTo("ACCEPTED");
            assertThat(answer.body().path("finalItem").path("title").asText()).isEqualTo("Zero 7");
            assertThat(answer.body().path("transcript")).hasSize(3);
        });
        assertThat(answers).extracting(answer -> answer.body().path("updatedAt").asText()).as("one outcome")
                .containsOnly(answers.getFirst().body().path("updatedAt").asText());
        assertThat(llm().remainingSteps()).as("the LLM was asked for one play").isZero();
    }

    /** One play of three rounds, accepted in the last, every reply slow: a second play would find none left. */
    private static void scriptThreeRounds(String accepted) {
        llm().script(slowReply("Reason: trip-hop.\nItem: Bonobo", SLOW_MILLIS),
                slowReply("Reason: not today.\nDecision: no", SLOW_MILLIS),
                slowReply("Reason: calmer.\nItem: " + (accepted.equals("Air") ? "Zero 7" : "Air"), SLOW_MILLIS),
                slowReply("Reason: no.\nDecision: no", SLOW_MILLIS),
                slowReply("Reason: downtempo.\nItem: " + accepted, SLOW_MILLIS),
                slowReply("Reason: yes.\nDecision: yes", SLOW_MILLIS));
    }

    private JsonNode awaitEnd(String sessionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + "v1/sessions/"
                    + sessionId)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode session = JSON.readTree(response.body());
            if (!session.path("status").asText().equals("RUNNING")) {
                return session;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sessionId + " still RUNNING after 60 s: " + session);
            }
            Thread.sleep(100);
        }
    }
}

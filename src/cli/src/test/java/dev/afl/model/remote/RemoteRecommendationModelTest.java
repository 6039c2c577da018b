package dev.afl.model.remote;

import static dev.afl.model.remote.ScriptedScoreServer.body;
import static dev.afl.model.remote.ScriptedScoreServer.scores;
import static dev.afl.model.remote.ScriptedScoreServer.slowScores;
import static dev.afl.model.remote.ScriptedScoreServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.catalog.Item;
import dev.afl.model.EmptyHistoryException;
import dev.afl.model.ModelAnswer;
import dev.afl.model.ScoringRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The remote recommendation model against a local server speaking its JSON contract: the exact request, the
 * answer read back, and every failure with its named error: slow answers, 5xx and 429 (retried, Retry-After
 * honoured within its cap), 4xx and redirects (not retried), and answers that break the contract.
 */
class RemoteRecommendationModelTest {

    static final List<String> HISTORY = List.of("52", "63", "73");
    static final List<String> CANDIDATES = List.of("96", "995", "6160");
    static final String KEY = "secret-test-key-0123";

    static final ObjectMapper JSON = new ObjectMapper();

    static ScriptedScoreServer server;

    @BeforeAll
    static void start() throws IOException {
        server = new ScriptedScoreServer();
        // The JVM's first HTTP call loads the client (most of a second here): take it before the tests whose
        // short timeouts should measure the server, not class loading.
        server.script(scores(1, 2, 3));
        model(0).score(HISTORY, CANDIDATES);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RemoteModelSettings settings(String url, Duration timeout, int retries) {
        return new RemoteModelSettings(URI.create(url), timeout, retries, Duration.ofMillis(1), Duration.ofSeconds(2),
                Optional.of(KEY), "Authorization");
    }

    static RemoteRecommendationModel model(int retries) {
        return RemoteRecommendationModel.of("lastfm", settings(server.url(), Duration.ofSeconds(5), retries));
    }

    /** A model whose timeout the slow steps (2.5 s) exceed, with room for a loaded machine's quick answers. */
    static RemoteRecommendationModel impatient(int retries) {
        return RemoteRecommendationModel.of("lastfm", settings(server.url(), Duration.ofMillis(800), retries));
    }

    @Test
    void postsTheContractAndReadsOneScorePerCandidate() {
        server.script(scores(0.5, -1.25, 3));
        RemoteRecommendationModel model = model(2);

        float[] scores = model.score(HISTORY, CANDIDATES);

        assertThat(scores).containsExactly(0.5f, -1.25f, 3f);
        assertThat(server.requests()).hasSize(1);
        ScriptedScoreServer.Received request = server.requests().getFirst();
        assertThat(request.body().toString())
                .isEqualTo("{\"dataset\":\"lastfm\",\"history\":[\"52\",\"63\",\"73\"],\"candidates\":[\"96\",\"995\",\"6160\"]}");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(model.name()).isEqualTo("lastfm/remote");
        assertThat(model.provenance()).isEqualTo("remote:" + server.url());
        assertThat(model.knows("any-id-at-all")).isTrue();
    }

    /** The documented schemas name exactly what is sent and what is read. */
    @Test
    void theSchemasDescribeTheContract() throws IOException {
        server.script(scores(1, 2, 3));
        model(0).score(HISTORY, CANDIDATES);
        JsonNode sent = server.requests().getFirst().body();
        JsonNode request = JSON.readTree(Path.of("docs/remote-model/request.schema.json").toFile());
        assertThat(request.get("required")).extracting(JsonNode::asText).containsExactlyElementsOf(
                () -> sent.fieldNames());
        assertThat(request.get("properties").fieldNames()).toIterable().containsExactlyElementsOf(
                () -> sent.fieldNames());
        JsonNode response = JSON.readTree(Path.of("docs/remote-model/response.schema.json").toFile());
        assertThat(response.get("required")).extracting(JsonNode::asText).containsExactly("scores");
        assertThat(response.at("/properties/scores/items/type").asText()).isEqualTo("number");
    }

    @Test
    void aBatchIsOnePostPerUserAndTitledRequestsSendTheIds() {
        server.script(scores(1, 2, 3), scores(9, 8));
        List<float[]> batch = model(0).scoreBatch(List.of(new ScoringRequest(HISTORY, CANDIDATES),
                new ScoringRequest(List.of("7"), List.of("8", "9"))));
        assertThat(batch.get(0)).containsExactly(1f, 2f, 3f);
        assertThat(batch.get(1)).containsExactly(9f, 8f);

        server.script(scores(0, 1));
        ModelAnswer answer = model(0).answer(List.of(new Item("7", "Seven")), List.of(new Item("8", "Eight"),
                new Item("9", "Nine")));
        assertThat(answer.scores()).containsExactly(0f, 1f);
        assertThat(answer.trace()).isNull();
        assertThat(answer.ownAnswer()).isTrue();
        assertThat(server.requests().getFirst().body().toString())
                .isEqualTo("{\"dataset\":\"lastfm\",\"history\":[\"7\"],\"candidates\":[\"8\",\"9\"]}");
    }

    @Test
    void anOtherKeyHeaderCarriesTheKeyAsItIs() {
        server.script(scores(1, 2, 3));
        RemoteModelSettings settings = new RemoteModelSettings(URI.create(server.url()), Duration.ofSeconds(1), 0,
                Duration.ZERO, Duration.ZERO, Optional.of(KEY), "X-Api-Key");
        RemoteRecommendationModel.of("lastfm", settings).score(HISTORY, CANDIDATES);
        assertThat(server.requests().getFirst().headers().getFirst("X-Api-Key")).isEqualTo(KEY);
        assertThat(server.requests().getFirst().headers().containsKey("Authorization")).isFalse();
    }

    static Stream<Arguments> recovered() {
        return Stream.of(
                Arguments.of("HTTP 500 then scores", List.of(status(500), scores(1, 2, 3)), 2),
                Arguments.of("HTTP 502, 503 then scores", List.of(status(502), status(503), scores(1, 2, 3)), 3),
                Arguments.of("HTTP 429 (Retry-After 0) then scores", List.of(status(429, "Retry-After", "0"),
                        scores(1, 2, 3)), 2),
                Arguments.of("slow beyond the timeout, then scores", List.of(slowScores(2500, 9, 9, 9),
                        scores(1, 2, 3)), 2),
                Arguments.of("HTTP 408 then scores", List.of(status(408), scores(1, 2, 3)), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recovered")
    void transientFailuresAreRetried(String name, List<ScriptedScoreServer.Step> steps, int requests) {
        server.script(steps.toArray(ScriptedScoreServer.Step[]::new));
        assertThat(impatient(2).score(HISTORY, CANDIDATES)).containsExactly(1f, 2f, 3f);
        assertThat(server.requests()).hasSize(requests);
        assertThat(server.remainingSteps()).isZero();
    }

    @Test
    void retryAfterIsWaitedFor() {
        server.script(status(429, "Retry-After", "1"), scores(1, 2, 3));
        long started = System.nanoTime();
        assertThat(model(1).score(HISTORY, CANDIDATES)).containsExactly(1f, 2f, 3f);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterBeyondTheCapFailsAtOnce() {
        server.script(status(429, "Retry-After", "120"), scores(1, 2, 3));
        assertThatThrownBy(() -> model(2).score(HISTORY, CANDIDATES))
                .isInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("retry after 120 s")
                .hasMessageContaining("afl.models.remote.max-retry-after");
        assertThat(server.requests()).hasSize(1);
    }

    static Stream<Arguments> exhausted() {
        return Stream.of(
                Arguments.of("HTTP 503 every time", List.of(status(503), status(503), status(503)), "HTTP 503"),
                Arguments.of("HTTP 429 every time", List.of(status(429, "Retry-After", "0"),
                        status(429, "Retry-After", "0"), status(429, "Retry-After", "0")), "HTTP 429"),
                Arguments.of("slow every time", List.of(slowScores(2500, 1, 2, 3), slowScores(2500, 1, 2, 3),
                        slowScores(2500, 1, 2, 3)), "no answer within 800 ms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhausted")
    void exhaustedRetriesNameTheEndpointAndWhatToCheck(String name, List<ScriptedScoreServer.Step> steps,
            String problem) {
        server.script(steps.toArray(ScriptedScoreServer.Step[]::new));
        assertThatThrownBy(() -> impatient(2).score(HISTORY, CANDIDATES))
                .isInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("after 3 tries")
                .hasMessageContaining(problem)
                .hasMessageContaining("afl.models.remote.timeout")
                .hasMessageNotContaining(KEY);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/score";
        RemoteRecommendationModel model = RemoteRecommendationModel.of("lastfm", settings(url, Duration.ofSeconds(1), 1));
        assertThatThrownBy(() -> model.score(HISTORY, CANDIDATES))
                .isInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("after 2 tries")
                .hasMessageContaining("cannot connect");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("HTTP 400", status(400), "HTTP 400", "knows the dataset's item ids"),
                Arguments.of("HTTP 422 with a reason", body(422, "{\"detail\": \"unknown item 995\"}"),
                        "unknown item 995", "Not retried"),
                Arguments.of("HTTP 401", status(401), "HTTP 401", "afl.models.remote.api-key"),
                Arguments.of("HTTP 404", status(404), "HTTP 404", "check the path of afl.models.remote.url"),
                Arguments.of("a redirect", status(302, "Location", "http://elsewhere.example/score"), "HTTP 302",
                        "redirects to http://elsewhere.example/score"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void clientErrorsAreNotRetried(String name, ScriptedScoreServer.Step step, String problem, String fix) {
        server.script(step, scores(1, 2, 3));
        assertThatThrownBy(() -> model(2).score(HISTORY, CANDIDATES))
                .isInstanceOf(RemoteModelException.class)
                .isNotInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining(problem)
                .hasMessageContaining(fix)
                .hasMessageNotContaining(KEY);
        assertThat(server.requests()).as("not retried").hasSize(1);
    }

    static Stream<Arguments> contractBroken() {
        return Stream.of(
                Arguments.of("not JSON", body(200, "<html>Bad Gateway</html>"), "not JSON (<html>Bad Gateway</html>)"),
                Arguments.of("truncated JSON", body(200, "{\"scores\": [1, 2"), "not JSON"),
                Arguments.of("empty body", body(200, ""), "empty body"),
                Arguments.of("no scores field", body(200, "{\"ranking\": [\"96\"]}"), "without a \"scores\" array"),
                Arguments.of("scores not an array", body(200, "{\"scores\": 1}"), "without a \"scores\" array"),
                Arguments.of("a bare array", body(200, "[1, 2, 3]"), "without a \"scores\" array"),
                Arguments.of("too few scores", scores(1, 2), "answered 2 scores for 3 candidates"),
                Arguments.of("too many scores", scores(1, 2, 3, 4), "answered 4 scores for 3 candidates"),
                Arguments.of("NaN", body(200, "{\"scores\": [1, NaN, 3]}"), "NaN as score 2, which is not a finite"),
                Arguments.of("Infinity", body(200, "{\"scores\": [Infinity, 1, 3]}"), "score 1, which is not a finite"),
                Arguments.of("beyond float", body(200, "{\"scores\": [1, 2, 1e60]}"), "score 3, which is not a finite"),
                Arguments.of("a string score", body(200, "{\"scores\": [1, \"2\", 3]}"), "\"2\" as score 2, which is not a number"),
                Arguments.of("a null score", body(200, "{\"scores\": [1, 2, null]}"), "null as score 3, which is not a number"),
                Arguments.of("an answer too large", body(200, "{\"scores\": [1, 2, 3], \"pad\": \""
                        + "x".repeat(RemoteEndpoint.MAX_ANSWER_BYTES) + "\"}"), "longer than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractBroken")
    void answersThatBreakTheContractAreNamedAndNotRetried(String name, ScriptedScoreServer.Step step,
            String problem) {
        server.script(step, scores(1, 2, 3));
        assertThatThrownBy(() -> model(2).score(HISTORY, CANDIDATES))
                .isInstanceOf(RemoteModelException.class)
                .hasMessageContaining("The remote recommendation model " + server.url())
                .hasMessageContaining(problem)
                .hasMessageContaining("{\"scores\": [one");
        assertThat(server.requests()).hasSize(1);
    }

    /** The timeout bounds a try as a whole: a body stalled after its first bytes, or trickled, is cut at it. */
    @Test
    void aStalledOrTrickledBodyIsCutAtTheTimeout() {
        for (ScriptedScoreServer.Step slow : List.of(ScriptedScoreServer.stalledBody(),
                ScriptedScoreServer.trickledBody())) {
            server.script(slow, slow);
            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient(1).score(HISTORY, CANDIDATES))
                    .isInstanceOf(RemoteModelUnavailableException.class)
                    .hasMessageContaining("did not answer after 2 tries; last: no answer within 800 ms");
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1600L, 4000L);
            assertThat(server.requests()).hasSize(2);
        }
    }

    /**
     * A Lambda invocation's end cuts the try in flight and starts no retry (the state machine retries the step); a
     * session's budget does not cut the model, which has no fallback: its own timeout bounds it.
     */
    @Test
    void anInvocationsEndCutsTheTryAndABudgetDoesNot() {
        server.script(slowScores(2500, 1, 2, 3), scores(1, 2, 3));
        long started = System.nanoTime();
        assertThatThrownBy(() -> dev.afl.Deadline.within(dev.afl.Deadline.in(Duration.ofMillis(300),
                "the function's invocation time", false), () -> model(2).score(HISTORY, CANDIDATES)))
                .isInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining("had no complete answer when the function's invocation time ran out (1 try)");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1500);
        assertThat(server.requests()).as("no retry after the invocation's end").hasSize(1);

        server.script(slowScores(600, 4, 5, 6));
        float[] scores = dev.afl.Deadline.within(dev.afl.Deadline.in(Duration.ofMillis(100), "the session's time"
                + " budget (PT0.1S)", true), () -> model(0).score(HISTORY, CANDIDATES));
        assertThat(scores).containsExactly(4, 5, 6);
    }

    /** An error answer that echoes the key is shown as its status and a redacted message. */
    @Test
    void anErrorBodyEchoingTheKeyIsRedacted() {
        server.script(body(500, "{\"error\": {\"message\": \"upstream refused Authorization: Bearer " + KEY
                + " (key=" + KEY + ")\", \"code\": \"upstream_auth\"}}"), body(403, "denied for " + KEY));
        assertThatThrownBy(() -> model(0).score(HISTORY, CANDIDATES)).isInstanceOf(RemoteModelUnavailableException.class)
                .hasMessageContaining("HTTP 500 (upstream_auth): upstream refused Authorization: [redacted]")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThatThrownBy(() -> model(0).score(HISTORY, CANDIDATES)).isInstanceOf(RemoteModelException.class)
                .hasMessageContaining("HTTP 403: denied for [redacted]")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @Test
    void emptyInputsAreRefusedBeforeAnyCall() {
        server.script();
        assertThatThrownBy(() -> model(0).score(List.of(), CANDIDATES)).isInstanceOf(EmptyHistoryException.class);
        assertThatThrownBy(() -> model(0).score(HISTORY, List.of())).isInstanceOf(AflException.class)
                .hasMessageContaining("No candidates");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void settingsAreCheckedWithWhatToSet() {
        assertThatThrownBy(() -> settings("ftp://example.com/score", Duration.ofSeconds(1), 0))
                .isInstanceOf(AflException.class).hasMessageContaining("afl.models.remote.url")
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> settings("/score", Duration.ofSeconds(1), 0)).isInstanceOf(AflException.class);
        assertThatThrownBy(() -> settings(server.url(), Duration.ZERO, 0)).isInstanceOf(AflException.class)
                .hasMessageContaining("afl.models.remote.timeout");
        assertThatThrownBy(() -> settings(server.url(), Duration.ofSeconds(1), -1)).isInstanceOf(AflException.class)
                .hasMessageContaining("retries");
        RemoteModelSettings withSecrets = settings("https://user:pw@scores.example.com:8443/v1/score?key=abc",
                Duration.ofSeconds(1), 0);
        assertThat(withSecrets.endpoint()).isEqualTo("https://scores.example.com:8443/v1/score");
    }
}

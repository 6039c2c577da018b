package dev.afl.api;

import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerAccess;
import dev.afl.api.SseEvents.Event;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/sessions/{id}/events over real HTTP: a running session's rounds arrive one by one while it is played (the
 * LLM answers slowly, so a round's event is read before a later round is asked for), each the JSON of the rounds
 * page, then the session's own JSON and the end of the stream; a stream whose client goes away stops (counted in
 * /q/metrics as afl_event_streams); Last-Event-ID and ?after resume; an unknown session
 * is a 404 problem and a bad id or Last-Event-ID a 400, before any stream; the OpenAPI document describes it.
 */
@QuarkusTest
@TestProfile(LlmApiProfile.class)
class SessionEventsTest {

    /** Each LLM reply this late: a round takes about 1.2 s, far more than the stream's 250 ms poll. */
    static final int SLOW_MILLIS = 600;
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

    @Test
    void aRunningSessionsRoundsArriveOneByOneThenTheSessionAndTheStreamCloses() throws Exception {
        scriptThreeRounds();
        post("/v1/sessions", BODY.replace("SID", "events-live"), 202);

        HttpResponse<Stream<String>> stream = open("v1/sessions/events-live/events", Map.of());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Event> events = SseEvents.read(stream);

        assertThat(events).extracting(Event::name).containsExactly("round", "round", "round", "session");
        assertThat(events).extracting(Event::id).containsExactly("1", "2", "3", null);
        // Round 1 was on the stream before the LLM was asked for round 3's proposal (the 5th call): the stream
        // follows the play instead of waiting for its end.
        List<Long> calls = llm().arrivals();
        assertThat(calls).hasSize(6);
        assertThat(events.get(0).at()).as("round 1 read before round 3 was asked for").isLessThan(calls.get(4));
        assertThat(events.get(1).at()).as("round 2 read before the last call").isLessThan(calls.get(5));

        JsonNode page = get("v1/sessions/events-live/rounds");
        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(events.get(i).data())).isEqualTo(page.path("rounds").get(i));
        }
        JsonNode session = JSON.readTree(events.get(3).data());
        assertThat(session).isEqualTo(get("v1/sessions/events-live"));
        assertThat(session.path("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void aStreamWhoseClientGoesAwayStopsWhileTheSessionRuns() throws Exception {
        scriptThreeRounds();
        post("/v1/sessions", BODY.replace("SID", "events-gone"), 202);
        HttpResponse<Stream<String>> stream = open("v1/sessions/events-gone/events", Map.of());
        try (Stream<String> lines = stream.body()) {
            Iterator<String> it = lines.iterator();
            List<String> first = new ArrayList<>();
            for (String line = it.next(); !line.isEmpty(); line = it.next()) {
                first.add(line);
            }
            assertThat(first).as("round 1's event").contains("id:1", "event:round");
            assertThat(openStreams()).as("the stream, counted").isEqualTo(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(openStreams()).as("the stream stopped with its client").isZero();
        assertThat(get("v1/sessions/events-gone").path("status").asText()).as("not by the session's end")
                .isEqualTo("RUNNING");
        awaitEnd("events-gone");
    }

    @Test
    void lastEventIdAndAfterSkipTheRoundsAlreadyReceived() throws Exception {
        scriptThreeRounds();
        post("/v1/refinements", BODY.replace("SID", "events-resume"), 200);

        List<Event> all = SseEvents.read(open("v1/sessions/events-resume/events", Map.of()));
        assertThat(all).extracting(Event::id).containsExactly("1", "2", "3", null);

        List<Event> afterTwo = SseEvents.read(open("v1/sessions/events-resume/events",
                Map.of("Last-Event-ID", "2")));
        assertThat(afterTwo).extracting(Event::name).containsExactly("round", "session");
        assertThat(afterTwo.getFirst().data()).isEqualTo(all.get(2).data());

        List<Event> afterOne = SseEvents.read(open("v1/sessions/events-resume/events?after=1", Map.of()));
        assertThat(afterOne).extracting(Event::id).containsExactly("2", "3", null);
        // The header wins over the query (a reconnecting EventSource sends it to the URL it first opened).
        List<Event> both = SseEvents.read(open("v1/sessions/events-resume/events?after=1",
                Map.of("Last-Event-ID", "3")));
        assertThat(both).extracting(Event::name).containsExactly("session");
    }

    @Test
    void anUnknownSessionIs404AndABadIdOrLastEventIdIs400BeforeAnyStream() throws Exception {
        HttpResponse<String> unknown = plain("v1/sessions/no-such-session/events", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith(Problem.MEDIA_TYPE);
        assertThat(JSON.readTree(unknown.body()).path("detail").asText()).contains("no-such-session");

        HttpResponse<String> badId = plain("v1/sessions/-bad/events", Map.of());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("a session id is");

        scriptThreeRounds();
        post("/v1/refinements", BODY.replace("SID", "events-bad-header"), 200);
        HttpResponse<String> badHeader = plain("v1/sessions/events-bad-header/events", Map.of("Last-Event-ID", "x"));
        assertThat(badHeader.statusCode()).isEqualTo(400);
        assertThat(badHeader.body()).contains("Last-Event-ID must be a round number");
        HttpResponse<String> badAfter = plain("v1/sessions/events-bad-header/events?after=-1", Map.of());
        assertThat(badAfter.statusCode()).isEqualTo(400);
        assertThat(badAfter.body()).contains("after must be a round number");
    }

    @Test
    void theOpenApiDocumentDescribesTheStream() throws Exception {
        JsonNode document = JSON.readTree(plain("q/openapi?format=json", Map.of()).body());
        JsonNode operation = document.path("paths").path("/v1/sessions/{id}/events").path("get");
        assertThat(operation.path("operationId").asText()).isEqualTo("streamSession");
        assertThat(operation.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        assertThat(operation.path("description").asText()).contains("event: round", "event: session",
                "Last-Event-ID");
        assertThat(operation.path("responses").has("404")).isTrue();
        List<String> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> parameters.add(parameter.path("name").asText()));
        assertThat(parameters).contains("id", "Last-Event-ID", "after");
    }

    /** The event streams open now, as /q/metrics counts them. */
    private int openStreams() throws Exception {
        String metrics = plain("q/metrics", Map.of()).body();
        return metrics.lines().filter(line -> line.startsWith("afl_event_streams ")).mapToInt(line -> (int) Double
                .parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no afl_event_streams in /q/metrics"));
    }

    private void awaitEnd(String sessionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get("v1/sessions/" + sessionId).path("status").asText().equals("RUNNING")) {
            assertThat(System.nanoTime()).as(sessionId + " still RUNNING after 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** One play of three rounds, accepted in the last, every reply slow. */
    private static void scriptThreeRounds() {
        llm().script(slowReply("Reason: trip-hop.\nItem: Bonobo", SLOW_MILLIS),
                slowReply("Reason: not today.\nDecision: no", SLOW_MILLIS),
                slowReply("Reason: calmer.\nItem: Air", SLOW_MILLIS),
                slowReply("Reason: no.\nDecision: no", SLOW_MILLIS),
                slowReply("Reason: downtempo.\nItem: Zero 7", SLOW_MILLIS),
                slowReply("Reason: yes.\nDecision: yes", SLOW_MILLIS));
    }

    private HttpResponse<Stream<String>> open(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    private HttpResponse<String> plain(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = plain(path, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void post(String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + path.substring(1)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }
}

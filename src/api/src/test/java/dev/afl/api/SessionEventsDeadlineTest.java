package dev.afl.api;

import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session's event stream ends at its deadline (afl.api.events-deadline, 2 s here) however long the session runs,
 * saying so in a comment; the client reconnects with Last-Event-ID and follows on from the round after the last it
 * received, to the session's end.
 */
@QuarkusTest
@TestProfile(SessionEventsDeadlineTest.ShortStreams.class)
class SessionEventsDeadlineTest {

    /** The LLM profile with streams of at most 2 s. */
    public static class ShortStreams extends LlmApiProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            config.put("afl.api.events-deadline", "2s");
            return config;
        }
    }

    /** A round takes about 1.6 s, so three take far longer than one stream. */
    static final int SLOW_MILLIS = 800;
    private static final String BODY = "{\"sessionId\": \"events-deadline\", \"dataset\": \"lastfm\", \"maxRounds\": 3,"
            + " \"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}, {\"id\": \"63\", \"title\": \"Enigma\"}],"
            + " \"candidates\": [{\"id\": \"53\", \"title\": \"Air\"}, {\"id\": \"1824\", \"title\": \"Zero 7\"},"
            + " {\"id\": \"2605\", \"title\": \"Bonobo\"}]}";

    @TestHTTPResource("/")
    URL root;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aStreamEndsAtItsDeadlineAndTheClientFollowsOnWithLastEventId() throws Exception {
        ScriptedChatServerAccess.server().script(slowReply("Reason: trip-hop.\nItem: Bonobo", SLOW_MILLIS),
                slowReply("Reason: not today.\nDecision: no", SLOW_MILLIS),
                slowReply("Reason: calmer.\nItem: Air", SLOW_MILLIS),
                slowReply("Reason: no.\nDecision: no", SLOW_MILLIS),
                slowReply("Reason: downtempo.\nItem: Zero 7", SLOW_MILLIS),
                slowReply("Reason: yes.\nDecision: yes", SLOW_MILLIS));
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(root + "v1/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);

        List<Event> received = new ArrayList<>();
        String lastId = null;
        int streams = 0;
        while (received.isEmpty() || !received.getLast().name().equals("session")) {
            assertThat(++streams).as("streams opened").isLessThanOrEqualTo(10);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "v1/sessions/events-deadline"
                    + "/events")).timeout(Duration.ofSeconds(30));
            if (lastId != null) {
                request.header("Last-Event-ID", lastId);
            }
            long opened = System.nanoTime();
            List<String> comments = new ArrayList<>();
            List<Event> events = SseEvents.read(http.send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofLines()), comments);
            Duration open = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(open).as("one stream's life").isLessThan(Duration.ofSeconds(4));
            if (events.isEmpty() || !events.getLast().name().equals("session")) {
                assertThat(comments).as("a stream cut by its deadline says so")
                        .anySatisfy(comment -> assertThat(comment).contains("deadline", "Last-Event-ID"));
            }
            for (Event event : events) {
                if (event.id() != null) {
                    lastId = event.id();
                }
            }
            received.addAll(events);
        }
        assertThat(streams).as("the session outlived one stream").isGreaterThan(1);
        assertThat(received).extracting(Event::id).containsExactly("1", "2", "3", null);
    }
}

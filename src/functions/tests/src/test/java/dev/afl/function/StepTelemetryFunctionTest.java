package dev.afl.function;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real handlers, invoked through the bridge as the state machine invokes them, print one EMF record per step
 * they play, with what the step stored, and none for a delivery of a step already stored.
 */
@QuarkusTest
@QuarkusTestResource(value = ServerlessResources.class, restrictToAnnotatedClass = true)
class StepTelemetryFunctionTest {

    @Inject
    StartHandler start;
    @Inject
    RecommendHandler recommend;
    @Inject
    RewardHandler reward;
    @Inject
    JudgeHandler judge;
    @Inject
    MemoryStore store;
    @Inject
    ObjectMapper json;

    @Test
    void oneMetricsRecordPerPlayedStepAndNoneForARetriedStep() throws Exception {
        String id = "telemetry-" + System.nanoTime();
        // Round 1: three unusable answers make the recommender take its fallback; the user accepts.
        ServerlessResources.llm.script(reply("I cannot choose."), reply("Still no idea."), reply("Pass."),
                reply("Reason: fine.\nDecision: yes"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (HandlerBridge bridge = new HandlerBridge(json, Map.of(
                "start", HandlerBridge.route(start, StartEvent.class),
                "recommend", HandlerBridge.route(recommend, StepEvent.class),
                "reward", HandlerBridge.route(reward, StepEvent.class),
                "judge", HandlerBridge.route(judge, StepEvent.class)))) {
            // Every step delivered twice (at-least-once delivery): the second finds it stored.
            List.of("start", "recommend", "reward", "judge").forEach(bridge::deliverTwice);
            System.setOut(new PrintStream(new Tee(stdout, printed), true, StandardCharsets.UTF_8));
            invoke(bridge, "start", new StartEvent(id, "lastfm", BadEventsTest.refs("52", "63", "73"),
                    BadEventsTest.refs("96", "995", "6160"), 2));
            for (String step : List.of("recommend", "reward", "judge")) {
                invoke(bridge, step, new StepEvent(id, 1));
            }
            // A retry of a step long done (the state machine retrying after a lost reply).
            invoke(bridge, "recommend", new StepEvent(id, 1));
            assertThat(bridge.invocations("recommend")).as("two deliveries, twice").isEqualTo(4);
        } finally {
            System.setOut(stdout);
        }

        List<JsonNode> records = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("{\"_aws\"") && line.contains("\"" + id + "\""))
                .peek(line -> assertThat(EmbeddedMetricFormat.problems(line)).as(line).isEmpty())
                .map(this::tree).toList();
        assertThat(records).extracting(r -> r.get("Step").asText()).containsExactly("recommend", "reward", "judge");

        RoundRecord round = store.require(id).rounds().getFirst();
        JsonNode recommended = records.get(0);
        assertThat(recommended.get("Tokens").asLong()).isPositive()
                .isEqualTo(round.recommender().inputTokens() + round.recommender().outputTokens());
        assertThat(recommended.get("Fallback").asInt()).isEqualTo(1);
        assertThat(round.recommender().fallback()).isTrue();
        assertThat(records.get(1).get("Tokens").asLong()).isZero();
        JsonNode judged = records.get(2);
        assertThat(judged.get("Tokens").asLong()).isPositive()
                .isEqualTo(round.user().inputTokens() + round.user().outputTokens());
        assertThat(judged.get("Fallback").asInt()).isZero();
        assertThat(judged.get("outcome").asText()).isEqualTo("accepted");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("round").asInt()).isEqualTo(1);
            assertThat(r.get("StepDuration").asDouble()).isPositive();
            assertThat(r.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("AFL");
        });
    }

    private void invoke(HandlerBridge bridge, String function, Object event) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.url() + "/" + function)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(function + ": " + response.body()).isEqualTo(200);
    }

    private JsonNode tree(String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }

    /** Writes to both streams: the test reads what was printed, the console still shows it. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}

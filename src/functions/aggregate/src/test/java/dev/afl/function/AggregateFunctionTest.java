package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.evaluation.fanout.CaseResult;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.recommendation.CasePlayer;
import dev.afl.memory.MemoryStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.ResourceArg;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aggregate function through the Lambda runtime's JSON path (the mock event server), reading a Map run's results
 * from an S3 on loopback with the client the function builds from the SDK's own settings.
 */
@QuarkusTest
@QuarkusTestResource(value = LambdaFunctionResources.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "s3", value = "true"))
class AggregateFunctionTest {

    static final String BUCKET = "afl-evaluation";

    @Inject
    MemoryStore store;
    @Inject
    ObjectMapper json;

    @Test
    void aMapRunsResultsGiveTheRunsFiguresWrittenBesideThem() throws Exception {
        String run = "aggregate-" + System.nanoTime();
        String prefix = "results/" + run + "/0a1b/";
        // Two cases, as the case-outcome function writes them: one accepted (a hit), one ended without.
        List<String> lines = new ArrayList<>();
        for (int row = 1; row <= 2; row++) {
            String id = run + "-" + row;
            var session = row == 1 ? PlayedSessions.accepted(store, id)
                    : store.finish(PlayedSessions.judged(store, id, 1, false), dev.afl.memory.SessionStatus.MAX_ROUNDS,
                            PlayedSessions.PROPOSED, null);
            FanOutCase fanOutCase = json.readValue(PlayedSessions.fanOutCase(id, row)
                    .replace("\"target\": \"96\"", row == 1 ? "\"target\": \"96\"" : "\"target\": \"995\""),
                    FanOutCase.class);
            lines.add(json.writeValueAsString(new CaseResult(fanOutCase.evaluationCase().id(), CasePlayer.outcome(
                    fanOutCase.evaluationCase(),
                    session))));
        }
        LocalS3 s3 = LambdaFunctionResources.s3();
        s3.put(BUCKET, prefix + "SUCCEEDED_0.json", String.join("\n", lines) + "\n");
        s3.put(BUCKET, prefix + "manifest.json", "{\"DestinationBucket\": \"" + BUCKET + "\", \"ResultFiles\":"
                + " {\"SUCCEEDED\": [{\"Key\": \"" + prefix + "SUCCEEDED_0.json\", \"Size\": 1}], \"FAILED\": [],"
                + " \"PENDING\": []}}");

        JsonNode metrics = MockLambda.invoke("{\"runId\": \"" + run + "\", \"dataset\": \"lastfm\", \"maxRounds\": 2,"
                + " \"bucket\": \"" + BUCKET + "\", \"casesKey\": \"cases/" + run + ".jsonl\", \"manifestKey\": \""
                + prefix + "manifest.json\"}").output();

        assertThat(metrics.path("runId").asText()).isEqualTo(run);
        assertThat(metrics.path("casesAggregated").asInt()).isEqualTo(2);
        assertThat(metrics.path("casesFailed").asInt()).isZero();
        assertThat(metrics.path("unreadableLines").asInt()).isZero();
        assertThat(metrics.path("figures").path("hits").asInt()).isEqualTo(1);
        assertThat(s3.get(BUCKET, prefix + "metrics.json")).as("metrics.json beside the results").isNotNull();
        assertThat(json.readTree(s3.get(BUCKET, prefix + "metrics.json"))).isEqualTo(metrics);
    }

    @Test
    void badAggregateEventsAreRefusedWithTheirErrorAndWriteNothing() {
        List<BadEvents.BadEvent> events = new ArrayList<>(BadEvents.aggregate());
        events.add(new BadEvents.BadEvent("a run without its manifest", "{\"runId\": \"none\", \"dataset\": \"lastfm\","
                + " \"bucket\": \"" + BUCKET + "\", \"casesKey\": \"cases/none.jsonl\", \"manifestKey\":"
                + " \"results/none/manifest.json\"}", "dev.afl.AflException", "No ResultWriter manifest"));

        BadEvents.assertEachRefused(events, () -> { });

        assertThat(LambdaFunctionResources.s3().get(BUCKET, "results/none/metrics.json")).isNull();
        assertThat(LambdaFunctionResources.s3().get("b", "results/r/metrics.json")).isNull();
    }
}

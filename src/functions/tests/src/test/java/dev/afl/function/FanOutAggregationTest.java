package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.TestData;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.CaseRunner;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.fanout.FanOutMetrics;
import dev.afl.evaluation.fanout.PopularityGroups;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.CasePlayer;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import dev.afl.evaluation.recommendation.RecommendationFigures;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.model.onnx.ModelRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out's aggregation on a per-case results file written by the local evaluation (CaseRunner playing LastFM
 * cases, the paper's lists of the first 24 rows, with the offline agents), served as ResultWriter output from an
 * S3-compatible server: the very same figures as the local path, hits and all, in either result format and in any
 * order.
 */
class FanOutAggregationTest {

    static final String BUCKET = "afl-evaluation";
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static final Configuration AFL = new Configuration("lastfm", "gru4rec", RecommendationMethod.AFL, "random",
            "offline", 4);

    @TempDir
    static Path dir;
    static Dataset lastfm;
    static List<String> resultLines;
    static List<CaseOutcome> localOutcomes;
    static LocalS3 s3;

    @BeforeAll
    static void playCasesLocally() throws Exception {
        lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, CandidateLists.PAPER, List.of(),
                24);
        Path file = dir.resolve("lastfm-gru4rec-afl-random-r4-offline.jsonl");
        try (ModelRegistry models = new ModelRegistry()) {
            CasePlayer player = new CasePlayer(new dev.afl.evaluation.LoopSetup("lastfm", lastfm.catalog(),
                    models.bundled("lastfm", "gru4rec", lastfm.catalog()), models.bundled("lastfm", "sasrec",
                    lastfm.catalog()), new OfflineRecommendationAgent(), new OfflineUserAgent(new RewardVerdict(1, 3)),
                    4));
            localOutcomes = new CaseRunner<>(file, 2, EvaluationCase::id, CaseOutcome.class,
                    new PrintStream(PrintStream.nullOutputStream()), Duration.ofMinutes(1))
                    .run(cases, c -> player.play(RecommendationMethod.AFL, c));
        }
        resultLines = Files.readAllLines(file);
        assertThat(resultLines).hasSize(24);
        s3 = new LocalS3();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    static ConfigurationResult local(PopularityBuckets buckets) {
        return RecommendationFigures.of(AFL, localOutcomes, 1, buckets, CostLedger.Prices.DEFAULT);
    }

    static AggregateEvent event(String runId) {
        return new AggregateEvent(runId, "lastfm", 4, BUCKET, "cases/" + runId + ".jsonl",
                "results/" + runId + "/0a1b/manifest.json", null, null);
    }

    static void manifest(String runId, List<String> succeeded, List<String> failed) throws Exception {
        Map<String, Object> files = Map.of(
                "SUCCEEDED", succeeded.stream().map(k -> Map.of("Key", k, "Size", 1)).toList(),
                "FAILED", failed.stream().map(k -> Map.of("Key", k, "Size", 1)).toList(),
                "PENDING", List.of());
        s3.put(BUCKET, event(runId).manifestKey(), JSON.writeValueAsString(Map.of("DestinationBucket", BUCKET,
                "MapRunArn", "arn:aws:states:us-east-1:123456789012:mapRun:fanout/cases:" + runId,
                "ResultFiles", files)));
    }

    @Test
    void compactJsonLinesResultsGiveExactlyTheLocalFigures() throws Exception {
        String run = "compact";
        String prefix = "results/" + run + "/0a1b/";
        // The Distributed Map writes its files in completion order: two files, each shuffled.
        List<String> shuffled = new ArrayList<>(resultLines);
        Collections.shuffle(shuffled, new java.util.Random(7));
        s3.put(BUCKET, prefix + "SUCCEEDED_0.json", String.join("\n", shuffled.subList(0, 10)) + "\n");
        s3.put(BUCKET, prefix + "SUCCEEDED_1.json", String.join("\n", shuffled.subList(10, 24)) + "\n");
        s3.put(BUCKET, prefix + "FAILED_0.json", JSON.writeValueAsString(Map.of("ExecutionArn", "arn:x", "Status",
                "FAILED", "Error", "States.TaskFailed", "Cause", "the loop failed")) + "\n");
        manifest(run, List.of(prefix + "SUCCEEDED_0.json", prefix + "SUCCEEDED_1.json"), List.of(prefix + "FAILED_0.json"));
        PopularityBuckets buckets = PopularityBuckets.of(lastfm);
        s3.put(BUCKET, PopularityGroups.besides(event(run).casesKey()),
                JSON.writeValueAsString(PopularityGroups.of(buckets)));

        FanOutMetrics metrics = new MapRunResults(LambdaFunctionResources.s3Client(s3)).aggregate(event(run), AFL, 1, CostLedger.Prices.DEFAULT);

        assertThat(metrics.figures()).isEqualTo(local(buckets));
        assertThat(metrics.figures().popularityByRound()).hasSize(4);
        // One case per row: the exact fraction of the rows the loop got right.
        assertThat(metrics.figures().oneCasePerRow()).isTrue();
        assertThat(metrics.figures().hits()).isEqualTo((int) localOutcomes.stream().filter(CaseOutcome::hit).count());
        assertThat(metrics.casesAggregated()).isEqualTo(24);
        assertThat(metrics.casesFailed()).isEqualTo(1);
        assertThat(metrics.unreadableLines()).isZero();
        JsonNode written = JSON.readTree(s3.get(BUCKET, prefix + "metrics.json"));
        assertThat(JSON.treeToValue(written, FanOutMetrics.class)).isEqualTo(metrics);
    }

    @Test
    void executionRecordsWithOutputStringsGiveTheSameFiguresWithoutPopularity() throws Exception {
        String run = "records";
        String prefix = "results/" + run + "/0a1b/";
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : resultLines.reversed()) {
            records.add(Map.of("ExecutionArn", "arn:aws:states:::execution:x", "Status", "SUCCEEDED", "Output", line,
                    "Input", "{}"));
        }
        s3.put(BUCKET, prefix + "SUCCEEDED_0.json", JSON.writeValueAsString(records));
        manifest(run, List.of(prefix + "SUCCEEDED_0.json"), List.of());

        FanOutMetrics metrics = new MapRunResults(LambdaFunctionResources.s3Client(s3)).aggregate(event(run), AFL, 1, CostLedger.Prices.DEFAULT);

        assertThat(metrics.figures()).isEqualTo(local(null));
        assertThat(metrics.popularity()).isNull();
        assertThat(metrics.casesFailed()).isZero();
    }

    @Test
    void aMissingManifestOrAnEmptyRunIsNamed() throws Exception {
        MapRunResults results = new MapRunResults(LambdaFunctionResources.s3Client(s3));
        assertThatThrownBy(() -> results.aggregate(event("nothing"), AFL, 1, CostLedger.Prices.DEFAULT))
                .isInstanceOf(AflException.class).hasMessageContaining("No ResultWriter manifest")
                .hasMessageContaining("ResultWriterDetails.Key");
        String prefix = "results/failed/0a1b/";
        s3.put(BUCKET, prefix + "FAILED_0.json", "{\"Status\": \"FAILED\"}\n{\"Status\": \"FAILED\"}\n");
        manifest("failed", List.of(), List.of(prefix + "FAILED_0.json"));
        assertThatThrownBy(() -> results.aggregate(event("failed"), AFL, 1, CostLedger.Prices.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no case results")
                .hasMessageContaining("2 cases failed");
        assertThatThrownBy(() -> results.aggregate(new AggregateEvent("r", "lastfm", 4, BUCKET, null, "m", null, null),
                AFL, 1, CostLedger.Prices.DEFAULT)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("casesKey");
    }
}

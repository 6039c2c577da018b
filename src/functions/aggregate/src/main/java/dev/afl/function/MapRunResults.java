package dev.afl.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.fanout.FanOutAggregation;
import dev.afl.evaluation.fanout.FanOutMetrics;
import dev.afl.evaluation.fanout.PopularityGroups;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The S3 side of the fan-out's aggregation: reads what the Distributed Map's ResultWriter wrote (a manifest naming
 * the SUCCEEDED and FAILED result files), hands the case lines to {@link FanOutAggregation}, and writes the metrics
 * beside the results as {@code metrics.json}.
 *
 * <p>Result files are read in the formats ResultWriter writes: JSON Lines or a JSON array, each entry either the
 * item's output itself (Transformation COMPACT, the fan-out's setting) or an execution record whose {@code Output}
 * is that output as a string (NONE, the default; also how failed items are always written).
 */
final class MapRunResults {

    private static final ObjectMapper JSON = AflJson.documents();

    private final S3Client s3;

    MapRunResults(S3Client s3) {
        this.s3 = s3;
    }

    FanOutMetrics aggregate(AggregateEvent event, Configuration configuration, int highRankLimit,
            CostLedger.Prices prices) {
        for (String[] field : new String[][] {{"runId", event.runId()}, {"dataset", event.dataset()},
            {"bucket", event.bucket()}, {"casesKey", event.casesKey()}, {"manifestKey", event.manifestKey()}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw new InvalidEventException("The aggregate event lacks '" + field[0] + "'.");
            }
        }
        JsonNode manifest = json(read(event.bucket(), event.manifestKey())
                .orElseThrow(() -> new AflException("No ResultWriter manifest at s3://" + event.bucket() + "/"
                        + event.manifestKey() + ": pass the Map state's ResultWriterDetails.Key.")),
                event.manifestKey());
        List<String> lines = new ArrayList<>();
        for (JsonNode file : manifest.path("ResultFiles").path("SUCCEEDED")) {
            lines.addAll(outputs(event.bucket(), file.path("Key").asText()));
        }
        int failed = 0;
        for (JsonNode file : manifest.path("ResultFiles").path("FAILED")) {
            failed += outputs(event.bucket(), file.path("Key").asText()).size();
        }
        String popularityKey = PopularityGroups.besides(event.casesKey());
        PopularityBuckets buckets = read(event.bucket(), popularityKey)
                .map(text -> convert(json(text, popularityKey), PopularityGroups.class).buckets()).orElse(null);
        FanOutMetrics metrics = FanOutAggregation.aggregate(event.runId(), configuration, lines, failed, highRankLimit,
                buckets, prices);
        String metricsKey = event.manifestKey().contains("/")
                ? event.manifestKey().substring(0, event.manifestKey().lastIndexOf('/') + 1) + "metrics.json"
                : "metrics.json";
        write(event.bucket(), metricsKey, metrics);
        return metrics;
    }

    /** Every entry of a result file as one per-case line (the item's output as JSON text). */
    List<String> outputs(String bucket, String key) {
        String text = read(bucket, key).orElseThrow(() -> new AflException("The manifest names s3://" + bucket + "/" + key
                + ", which does not exist: was the result prefix changed or expired?")).strip();
        List<JsonNode> entries = new ArrayList<>();
        if (text.startsWith("[")) {
            json(text, key).forEach(entries::add);
        } else {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    entries.add(json(line, key));
                }
            }
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode entry : entries) {
            outputs.add(entry.path("Output").isTextual() ? entry.get("Output").asText() : entry.toString());
        }
        return outputs;
    }

    private Optional<String> read(String bucket, String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
                    .asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private void write(String bucket, String key, Object value) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json").build(),
                    RequestBody.fromBytes(JSON.writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text, String key) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AflException("s3 object " + key + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (IOException e) {
            throw new AflException("Cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}

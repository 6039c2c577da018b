package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One batch job as the provider reports it ({@code GET /v1/batches/{id}}, or Bedrock's
 * {@code GetModelInvocationJob}).
 *
 * @param status       the provider's word: validating, in_progress, finalizing, completed, failed, expired, cancelling
 *                     or cancelled (OpenAI); Submitted, Validating, Scheduled, InProgress, Stopping, Completed,
 *                     PartiallyCompleted, Failed, Stopped or Expired (Bedrock)
 * @param outputFileId the successful lines' file, once there is one (null before); Bedrock: the output S3 prefix
 * @param errorFileId  the failed lines' file, once there is one (null when none failed)
 * @param problem      why a failed job failed (its {@code errors}), or null
 */
public record BatchJob(String id, String status, String outputFileId, String errorFileId, int total, int completed,
        int failed, long createdAt, String problem) {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "expired", "cancelled", "Completed",
            "PartiallyCompleted", "Failed", "Stopped", "Expired");

    /** Whether the job will not change any more. */
    public boolean over() {
        return TERMINAL.contains(status);
    }

    /** Whether the job ran out of its completion window: its unfinished requests may be submitted again. */
    public boolean expired() {
        return "expired".equalsIgnoreCase(status);
    }

    static BatchJob of(JsonNode job) {
        JsonNode counts = job.path("request_counts");
        String problem = null;
        JsonNode errors = job.path("errors").path("data");
        if (errors.isArray() && !errors.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode error : errors) {
                text.append(text.isEmpty() ? "" : "; ").append(error.path("code").asText("error")).append(": ")
                        .append(error.path("message").asText(""));
            }
            problem = text.toString();
        }
        return new BatchJob(job.path("id").asText(), job.path("status").asText("unknown"),
                textOrNull(job.get("output_file_id")), textOrNull(job.get("error_file_id")),
                counts.path("total").asInt(), counts.path("completed").asInt(), counts.path("failed").asInt(),
                job.path("created_at").asLong(), problem);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }
}

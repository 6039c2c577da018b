package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.ProviderError;
import dev.afl.RetryAfter;
import dev.afl.agent.llm.LlmBusyException;
import dev.afl.agent.llm.LlmHttpException;
import dev.afl.json.AflJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The OpenAI Batch API of an OpenAI-compatible endpoint: upload a JSON Lines file of requests ({@code POST /files},
 * purpose {@code batch}), start a job on it ({@code POST /batches}, completion window 24h), read the job
 * ({@code GET /batches/{id}}) and download its output and error files ({@code GET /files/{id}/content}). Every call
 * has a deadline; an HTTP error becomes {@link LlmHttpException} (a 429/503 with {@code Retry-After}:
 * {@link LlmBusyException}) carrying only the redacted {@link ProviderError}, as the online client's errors do.
 */
public final class OpenAiBatchApi implements BatchProvider {

    /** The endpoint every line of a batch asks, as the batch API names it. */
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    static final String COMPLETION_WINDOW = "24h";

    private static final ObjectMapper JSON = AflJson.records();

    private final URI base;
    private final String apiKey;
    private final Duration callDeadline;
    private final HttpClient http;

    /**
     * @param baseUrl      the endpoint's base URL, as the online client's ({@code https://api.openai.com/v1/})
     * @param callDeadline each HTTP call's deadline (an upload or a download of a large file included)
     */
    public OpenAiBatchApi(String baseUrl, String apiKey, Duration callDeadline) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.apiKey = apiKey;
        this.callDeadline = callDeadline;
        this.http = HttpClient.newBuilder().connectTimeout(callDeadline).build();
    }

    @Override
    public BatchJob submit(String agent, Map<String, ObjectNode> requestsById) {
        StringBuilder lines = new StringBuilder();
        requestsById.forEach((customId, body) -> {
            ObjectNode line = JSON.createObjectNode().put("custom_id", customId).put("method", "POST")
                    .put("url", CHAT_COMPLETIONS);
            line.set("body", body);
            lines.append(line).append('\n');
        });
        String fileId = upload("afl-" + agent + ".jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        return create(fileId, "afl " + agent + " agent, " + requestsById.size() + " requests");
    }

    /** The job's output and error lines, together. */
    @Override
    public String results(BatchJob job) {
        StringBuilder lines = new StringBuilder();
        for (String fileId : new String[] {job.outputFileId(), job.errorFileId()}) {
            if (fileId != null) {
                String content = content(fileId);
                lines.append(content);
                if (!content.isEmpty() && !content.endsWith("\n")) {
                    lines.append('\n');
                }
            }
        }
        return lines.toString();
    }

    @Override
    public ResultLine read(JsonNode line, Collection<String> secrets) {
        if (!line.path("custom_id").isTextual()) {
            return null;
        }
        return new ResultLine(line.get("custom_id").asText(), BatchAnswer.expired(line) ? null
                : BatchAnswer.ofLine(line, secrets));
    }

    /** Uploads a batch input file; returns its file id. */
    public String upload(String fileName, byte[] jsonLines) {
        String boundary = "afl-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n");
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n");
        body.writeBytes(jsonLines);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest request = request("files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return json(send(request, "upload the batch input file")).path("id").asText();
    }

    /** Starts a job on an uploaded input file. */
    public BatchJob create(String inputFileId, String description) {
        ObjectNode body = JSON.createObjectNode().put("input_file_id", inputFileId).put("endpoint", CHAT_COMPLETIONS)
                .put("completion_window", COMPLETION_WINDOW);
        body.putObject("metadata").put("description", description);
        HttpRequest request = request("batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return BatchJob.of(json(send(request, "create the batch job")));
    }

    /** The job as it stands now. */
    @Override
    public BatchJob job(String id) {
        return BatchJob.of(json(send(request("batches/" + id).GET().build(), "read the batch job " + id)));
    }

    /** A file's content (a job's output or error file). */
    public String content(String fileId) {
        return send(request("files/" + fileId + "/content").GET().build(), "download the batch file " + fileId);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(callDeadline)
                .header("Authorization", "Bearer " + apiKey);
    }

    private String send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + what + " at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
        int status = response.statusCode();
        if (status >= 400) {
            ProviderError error = ProviderError.of(status, response.body(), apiKey == null ? List.of()
                    : List.of(apiKey));
            Optional<Duration> wait = (status == 429 || status == 503)
                    ? RetryAfter.parse(response.headers().firstValue(RetryAfter.HEADER).orElse(null)) : Optional.empty();
            throw wait.<LlmHttpException>map(after -> new LlmBusyException(error, after))
                    .orElseGet(() -> new LlmHttpException(error));
        }
        return response.body();
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new UncheckedIOException(new IOException("the batch API answered something that is not a JSON"
                        + " object"));
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("the batch API answered unreadable JSON: "
                    + e.getMessage(), e));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}

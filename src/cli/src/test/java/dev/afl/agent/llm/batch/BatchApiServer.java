package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local server implementing the OpenAI Batch API (files and batches) for tests: it takes a multipart JSON Lines
 * upload ({@code POST /v1/files}, purpose batch), starts a job on it ({@code POST /v1/batches}), moves the job
 * through validating, in_progress and finalizing as it is polled ({@code GET /v1/batches/{id}}) and serves its output
 * and error files ({@code GET /v1/files/{id}/content}), each line answered as a chat completion by a responder that
 * reads the request's messages (as {@code ScriptedChatServer}'s does, with the same completion format and token
 * counts). Jobs follow a script: failed lines (an HTTP status per line), an expiry that leaves half the lines
 * unanswered, or a hold until the test releases the job. Requests without the test key are refused with 401.
 */
public final class BatchApiServer implements AutoCloseable {

    public static final String KEY = "test-key";

    /**
     * What happens to one job.
     *
     * @param failedLines line index to the HTTP status its answer gets (500: retriable, 400: not)
     * @param expire      the job expires: the second half of its lines (those not failed) stay unanswered
     * @param hold        the job stays in_progress until {@link #release()}
     */
    public record Script(Map<Integer, Integer> failedLines, boolean expire, boolean hold) {

        public static final Script NORMAL = new Script(Map.of(), false, false);

        public static Script failing(Map<Integer, Integer> lines) {
            return new Script(lines, false, false);
        }

        public static Script expiring() {
            return new Script(Map.of(), true, false);
        }

        public static Script held() {
            return new Script(Map.of(), false, true);
        }
    }

    private static final class Job {
        final String id;
        final List<JsonNode> lines;
        final Script script;
        int polls;
        String status = "validating";
        String outputFileId;
        String errorFileId;

        Job(String id, List<JsonNode> lines, Script script) {
            this.id = id;
            this.lines = lines;
            this.script = script;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Function<String, String> responder;
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Script> scripts = new ConcurrentLinkedDeque<>();
    private final List<List<JsonNode>> submittedLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private volatile boolean released;

    /** @param responder the reply to a request, from its messages (system, then user) as one text */
    public BatchApiServer(Function<String, String> responder) throws IOException {
        this.responder = responder;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    /** The scripts of the next jobs, in order; a job beyond them runs normally. */
    public void script(Script... next) {
        scripts.addAll(List.of(next));
    }

    /** Lets held jobs finish. */
    public void release() {
        released = true;
    }

    /** Every job's request lines, in the order the jobs were created. */
    public List<List<JsonNode>> jobs() {
        return List.copyOf(submittedLines);
    }

    public int uploads() {
        return uploads.get();
    }

    public int polls() {
        return polls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\": {\"message\": \"Incorrect API key provided\", \"code\":"
                        + " \"invalid_api_key\"}}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals("/v1/files")) {
                upload(exchange);
            } else if (method.equals("POST") && path.equals("/v1/batches")) {
                create(exchange);
            } else if (method.equals("GET") && path.startsWith("/v1/batches/")) {
                poll(exchange, path.substring("/v1/batches/".length()));
            } else if (method.equals("GET") && path.startsWith("/v1/files/") && path.endsWith("/content")) {
                String id = path.substring("/v1/files/".length(), path.length() - "/content".length());
                String content = files.get(id);
                send(exchange, content == null ? 404 : 200, content == null ? "{\"error\": {\"message\": \"no such"
                        + " file\"}}" : content);
            } else {
                send(exchange, 404, "{\"error\": {\"message\": \"no route " + method + " " + path + "\"}}");
            }
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String boundary = contentType == null ? "" : contentType.replaceFirst(".*boundary=", "");
        String purpose = null;
        String file = null;
        for (String part : body.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int blank = part.indexOf("\r\n\r\n");
            if (blank < 0) {
                continue;
            }
            String headers = part.substring(0, blank);
            String content = part.substring(blank + 4).replaceFirst("\r\n$", "");
            if (headers.contains("name=\"purpose\"")) {
                purpose = content;
            } else if (headers.contains("name=\"file\"")) {
                file = content;
            }
        }
        if (!"batch".equals(purpose) || file == null) {
            send(exchange, 400, "{\"error\": {\"message\": \"a file with purpose batch is required\"}}");
            return;
        }
        uploads.incrementAndGet();
        String id = "file-" + ids.incrementAndGet();
        files.put(id, file);
        send(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "file").put("purpose", "batch")
                .toString());
    }

    private void create(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String input = files.get(request.path("input_file_id").asText());
        if (input == null || !request.path("endpoint").asText().equals("/v1/chat/completions")
                || !request.path("completion_window").asText().equals("24h")) {
            send(exchange, 400, "{\"error\": {\"message\": \"bad batch: " + request + "\"}}");
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        Set<String> customIds = new java.util.HashSet<>();
        for (String line : input.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (!node.path("method").asText().equals("POST") || !node.path("url").asText().equals(
                    "/v1/chat/completions") || !customIds.add(node.path("custom_id").asText())) {
                send(exchange, 400, "{\"error\": {\"message\": \"bad line: " + line.replace("\"", "'") + "\"}}");
                return;
            }
            lines.add(node);
        }
        Script script = scripts.poll();
        Job job = new Job("batch_" + ids.incrementAndGet(), lines, script == null ? Script.NORMAL : script);
        jobs.put(job.id, job);
        submittedLines.add(List.copyOf(lines));
        send(exchange, 200, describe(job).toString());
    }

    private void poll(HttpExchange exchange, String id) throws IOException {
        polls.incrementAndGet();
        Job job = jobs.get(id);
        if (job == null) {
            send(exchange, 404, "{\"error\": {\"message\": \"no such batch\"}}");
            return;
        }
        synchronized (job) {
            job.polls++;
            switch (job.status) {
                case "validating" -> job.status = "in_progress";
                case "in_progress" -> job.status = job.script.hold() && !released ? "in_progress" : "finalizing";
                case "finalizing" -> finish(job);
                default -> {
                }
            }
            send(exchange, 200, describe(job).toString());
        }
    }

    private void finish(Job job) throws IOException {
        StringBuilder output = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        int answerable = job.script.expire() ? job.lines.size() / 2 : job.lines.size();
        for (int i = 0; i < job.lines.size(); i++) {
            JsonNode line = job.lines.get(i);
            ObjectNode result = JSON.createObjectNode().put("id", "batch_req_" + i).put("custom_id",
                    line.path("custom_id").asText());
            Integer failure = job.script.failedLines().get(i);
            if (failure != null) {
                ObjectNode response = result.putObject("response").put("status_code", failure)
                        .put("request_id", "req_" + i);
                response.putObject("body").putObject("error").put("message", "scripted " + failure)
                        .put("type", failure >= 500 ? "server_error" : "invalid_request_error");
                result.putNull("error");
                errors.append(result).append('\n');
            } else if (i >= answerable) {
                result.putNull("response");
                result.putObject("error").put("code", "batch_expired").put("message", "This request could not be"
                        + " executed before the completion window expired.");
                errors.append(result).append('\n');
            } else {
                ObjectNode response = result.putObject("response").put("status_code", 200)
                        .put("request_id", "req_" + i);
                response.set("body", completion(line.get("body")));
                result.putNull("error");
                output.append(result).append('\n');
            }
        }
        if (!output.isEmpty()) {
            job.outputFileId = "file-" + ids.incrementAndGet();
            files.put(job.outputFileId, output.toString());
        }
        if (!errors.isEmpty()) {
            job.errorFileId = "file-" + ids.incrementAndGet();
            files.put(job.errorFileId, errors.toString());
        }
        job.status = job.script.expire() ? "expired" : "completed";
    }

    /** The completion {@code ScriptedChatServer} would answer: same content, same token counts. */
    private ObjectNode completion(JsonNode request) {
        StringBuilder conversation = new StringBuilder();
        for (JsonNode message : request.get("messages")) {
            conversation.append(conversation.isEmpty() ? "" : "\n\n").append(message.get("content").asText());
        }
        String content = responder.apply(conversation.toString());
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", request.path("model").asText("test-model"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        int promptTokens = request.toString().length() / 4;
        int completionTokens = content == null ? 0 : Math.max(1, content.length() / 4);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root;
    }

    private static ObjectNode describe(Job job) {
        ObjectNode node = JSON.createObjectNode().put("id", job.id).put("object", "batch")
                .put("endpoint", "/v1/chat/completions").put("status", job.status)
                .put("completion_window", "24h").put("created_at", 1_700_000_000L);
        node.put("output_file_id", job.outputFileId).put("error_file_id", job.errorFileId);
        boolean over = job.outputFileId != null || job.errorFileId != null;
        int failed = over ? job.script.failedLines().size() : 0;
        int completed = over ? job.lines.size() - failed - (job.script.expire() ? job.lines.size()
                - job.lines.size() / 2 : 0) : job.status.equals("finalizing") ? job.lines.size() : 0;
        node.putObject("request_counts").put("total", job.lines.size()).put("completed", completed)
                .put("failed", failed);
        return node;
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

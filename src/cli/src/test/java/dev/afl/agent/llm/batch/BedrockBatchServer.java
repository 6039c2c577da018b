package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.afl.agent.llm.ScriptedConverseServer;
import dev.afl.function.LocalS3;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local Amazon Bedrock control plane for batch inference ({@code POST /model-invocation-job},
 * {@code GET /model-invocation-job/{jobIdentifier}}, REST-JSON, errors named by {@code x-amzn-ErrorType}), checking
 * every request's SigV4 signature as {@link ScriptedConverseServer} does, and running each job against a
 * {@link LocalS3}: it reads the job's JSONL input records, and when the job is read the second time (the first read
 * says InProgress) writes its {@code .out} records to {@code <output URI><job id>/<input file>.out} as Bedrock
 * does: a {@code modelOutput} (the Converse answer {@link ScriptedConverseServer#answer} gives) or an {@code error}
 * per record, as the job's {@link Outcome} says.
 */
public final class BedrockBatchServer implements AutoCloseable {

    /** How one job ends: its status, the records (by 0-based line) that fail with an HTTP-like code, and how many
     * records get an output line at all (the rest: none, as an expired job leaves them). */
    public record Outcome(String status, Map<Integer, Integer> failing, int answered) {

        public static Outcome completed() {
            return new Outcome("Completed", Map.of(), Integer.MAX_VALUE);
        }

        public static Outcome partiallyCompleted(Map<Integer, Integer> failing) {
            return new Outcome("PartiallyCompleted", failing, Integer.MAX_VALUE);
        }

        public static Outcome expired(int answered) {
            return new Outcome("Expired", Map.of(), answered);
        }
    }

    /** One job as created: its request, its input records, how often it was read, whether its output is out. */
    public record Job(String arn, JsonNode request, List<JsonNode> records, AtomicInteger reads, Outcome outcome,
            java.util.concurrent.atomic.AtomicBoolean written) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN_PREFIX = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/";

    private final HttpServer server;
    private final LocalS3 s3;
    private final Function<JsonNode, String> replies;
    private final ConcurrentLinkedDeque<Outcome> outcomes = new ConcurrentLinkedDeque<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Job> created = new CopyOnWriteArrayList<>();
    private final List<String> signatureProblems = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean held;

    /** @param replies the reply text to each record's {@code modelInput} (a Converse request body) */
    public BedrockBatchServer(LocalS3 s3, Function<JsonNode, String> replies) throws IOException {
        this.s3 = s3;
        this.replies = replies;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, every job stays InProgress until {@link #release}. */
    public void hold() {
        held = true;
    }

    public void release() {
        held = false;
    }

    /** How the next jobs end, in order; a job beyond them completes. */
    public void script(Outcome... next) {
        outcomes.clear();
        outcomes.addAll(List.of(next));
    }

    public List<Job> jobs() {
        return List.copyOf(created);
    }

    /** The GetModelInvocationJob requests so far. */
    public int reads() {
        return reads.get();
    }

    public List<String> signatureProblems() {
        return List.copyOf(signatureProblems);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            String path = exchange.getRequestURI().getRawPath();
            String problem = ScriptedConverseServer.signatureProblem(exchange.getRequestMethod(), path,
                    exchange.getRequestURI().getRawQuery(), headers, raw);
            if (problem != null) {
                signatureProblems.add(problem);
                error(exchange, 403, "InvalidSignatureException", problem);
                return;
            }
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/model-invocation-job")) {
                create(exchange, JSON.readTree(raw));
            } else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/model-invocation-job/")) {
                read(exchange, URLDecoder.decode(path.substring("/model-invocation-job/".length()),
                        StandardCharsets.UTF_8));
            } else {
                error(exchange, 404, "UnknownOperationException", exchange.getRequestMethod() + " " + path);
            }
        }
    }

    private void create(HttpExchange exchange, JsonNode request) throws IOException {
        String input = request.at("/inputDataConfig/s3InputDataConfig/s3Uri").asText();
        String[] location = bucketAndKey(input);
        String content = s3.get(location[0], location[1]);
        if (content == null) {
            error(exchange, 400, "ValidationException", "the input " + input + " does not exist");
            return;
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        Outcome outcome = outcomes.poll();
        String arn = ARN_PREFIX + "job" + (created.size() + 1);
        Job job = new Job(arn, request, records, new AtomicInteger(), outcome == null ? Outcome.completed() : outcome,
                new java.util.concurrent.atomic.AtomicBoolean());
        jobs.put(arn, job);
        created.add(job);
        send(exchange, 200, JSON.createObjectNode().put("jobArn", arn).toString());
    }

    private void read(HttpExchange exchange, String arn) throws IOException {
        reads.incrementAndGet();
        Job job = jobs.get(arn);
        if (job == null) {
            error(exchange, 404, "ResourceNotFoundException", "no job " + arn);
            return;
        }
        boolean over = job.reads().incrementAndGet() > 1 && !held;
        String status = over ? job.outcome().status() : "InProgress";
        int failed = 0;
        int answered = 0;
        if (over && job.written().compareAndSet(false, true)) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < job.records().size() && i < job.outcome().answered(); i++) {
                JsonNode record = job.records().get(i);
                ObjectNode line = JSON.createObjectNode().put("recordId", record.path("recordId").asText());
                line.set("modelInput", record.path("modelInput"));
                Integer code = job.outcome().failing().get(i);
                if (code != null) {
                    line.putObject("error").put("errorCode", code).put("errorMessage", "scripted failure " + code);
                } else {
                    line.set("modelOutput", JSON.readTree(ScriptedConverseServer.answer(record.path("modelInput"),
                            replies.apply(record.path("modelInput")))));
                }
                out.append(line).append('\n');
            }
            String output = job.request().at("/outputDataConfig/s3OutputDataConfig/s3Uri").asText();
            String input = job.request().at("/inputDataConfig/s3InputDataConfig/s3Uri").asText();
            String[] location = bucketAndKey((output.endsWith("/") ? output : output + "/")
                    + arn.substring(arn.lastIndexOf('/') + 1) + "/" + input.substring(input.lastIndexOf('/') + 1)
                    + ".out");
            s3.put(location[0], location[1], out.toString());
        }
        if (over) {
            answered = (int) Math.min(job.records().size(), job.outcome().answered());
            failed = job.outcome().failing().size();
        }
        ObjectNode body = JSON.createObjectNode().put("jobArn", arn).put("jobName", job.request().path("jobName")
                .asText()).put("modelId", job.request().path("modelId").asText()).put("roleArn", job.request()
                .path("roleArn").asText()).put("status", status).put("submitTime", "2026-01-01T00:00:00Z");
        if (over && !"Completed".equals(status)) {
            body.put("message", "scripted " + status);
        }
        body.set("inputDataConfig", job.request().path("inputDataConfig"));
        body.set("outputDataConfig", job.request().path("outputDataConfig"));
        body.put("totalRecordCount", job.records().size()).put("processedRecordCount", answered)
                .put("successRecordCount", answered - failed).put("errorRecordCount", failed);
        send(exchange, 200, body.toString());
    }

    private static String[] bucketAndKey(String uri) {
        String rest = uri.substring("s3://".length());
        return new String[] {rest.substring(0, rest.indexOf('/')), rest.substring(rest.indexOf('/') + 1)};
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, JSON.createObjectNode().put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.afl.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local server speaking Amazon Bedrock's Converse wire protocol ({@code POST /model/{modelId}/converse}, JSON in
 * and out, errors named by {@code x-amzn-ErrorType}), answering from a script as {@link ScriptedChatServer} does for
 * the OpenAI format. It checks every request's AWS Signature Version 4 against the test credentials it was given
 * (the {@code Authorization} header's form, credential scope, signed headers and the signature itself, recomputed)
 * and refuses an unsigned or wrongly signed one with 403, as Bedrock does; each request is kept with its model id,
 * headers and body, so tests can assert the request's shape.
 */
public final class ScriptedConverseServer implements AutoCloseable {

    /** The test credentials: an access key id of AWS's documented example form, never a real one. */
    public static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String REGION = "us-east-1";

    /** One scripted answer. */
    public sealed interface Step {
    }

    record Reply(String text) implements Step {
    }

    /** An AWS error answer: its status, its error type (x-amzn-ErrorType) and message, a Retry-After or null. */
    record ErrorAnswer(int status, String type, String message, String retryAfter) implements Step {
    }

    record RawBody(String body) implements Step {
    }

    /** A well-formed answer whose message has no text block. */
    record NoText() implements Step {
    }

    /** A 403 whose message echoes the request's Authorization header and the test credentials. */
    record EchoCredentials() implements Step {
    }

    /** One request as it arrived. */
    public record Request(String modelId, Map<String, String> headers, JsonNode body, String signatureProblem) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/model/([^/]+)/converse");
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([a-z0-9;\\-]+), ?Signature=([0-9a-f]{64})");

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Function<String, String> responder;

    public ScriptedConverseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint override that points the SDK here (AFL_BEDROCK_ENDPOINT). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static Step reply(String text) {
        return new Reply(text);
    }

    public static Step error(int status, String type) {
        return new ErrorAnswer(status, type, "scripted " + type, null);
    }

    public static Step throttled(String retryAfter) {
        return new ErrorAnswer(429, "ThrottlingException", "Too many requests, please wait before trying again.",
                retryAfter);
    }

    public static Step rawBody(String body) {
        return new RawBody(body);
    }

    public static Step noText() {
        return new NoText();
    }

    public static Step echoCredentials() {
        return new EchoCredentials();
    }

    /** Replaces the script; a request beyond it gets HTTP 500 (a test that asks too often fails loudly). */
    public void script(Step... steps) {
        script.clear();
        requests.clear();
        script.addAll(List.of(steps));
    }

    /**
     * Answers every request the script does not cover with {@code responder(conversation)}: the system and the user
     * message joined by a blank line, as {@link ScriptedChatServer#respondWith} reads an OpenAI request.
     */
    public void respondWith(java.util.function.Function<String, String> responder) {
        this.responder = responder;
    }

    /** The conversation a responder reads from a Converse request body (a batch record's modelInput too). */
    public static String conversationOf(JsonNode body) {
        return body.at("/system/0/text").asText() + "\n\n" + body.at("/messages/0/content/0/text").asText();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int remainingSteps() {
        return script.size();
    }

    /** The system prompt of request i (0-based). */
    public String systemMessage(int i) {
        return requests.get(i).body().at("/system/0/text").asText();
    }

    /** The user message of request i (0-based). */
    public String userMessage(int i) {
        return requests.get(i).body().at("/messages/0/content/0/text").asText();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                sendError(exchange, new ErrorAnswer(404, "UnknownOperationException", "not a Converse request: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI(), null));
                return;
            }
            String problem = signatureProblem(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, raw);
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException unreadable) {
                body = JSON.getNodeFactory().textNode(new String(raw, StandardCharsets.UTF_8));
            }
            requests.add(new Request(URLDecoder.decode(path.group(1), StandardCharsets.UTF_8), headers, body,
                    problem));
            if (problem != null) {
                sendError(exchange, new ErrorAnswer(403, "InvalidSignatureException", problem, null));
                return;
            }
            Step step = script.poll();
            java.util.function.Function<String, String> answering = responder;
            if (step == null && answering != null) {
                step = reply(answering.apply(conversationOf(body)));
            }
            if (step == null) {
                sendError(exchange, new ErrorAnswer(500, "InternalServerException", "script exhausted", null));
                return;
            }
            switch (step) {
                case Reply reply -> send(exchange, 200, answer(body, reply.text()));
                case NoText none -> send(exchange, 200, answer(body, null));
                case RawBody rawBody -> send(exchange, 200, rawBody.body());
                case ErrorAnswer error -> sendError(exchange, error);
                case EchoCredentials echo -> sendError(exchange, new ErrorAnswer(403, "AccessDeniedException",
                        "You sent Authorization: " + headers.get("authorization") + " with access key "
                        + ACCESS_KEY_ID + " and secret " + SECRET_KEY, null));
            }
        }
    }

    /**
     * A Converse answer: the text as one block (none when null), usage counted from the request's text; also a
     * Bedrock batch record's {@code modelOutput} (BedrockBatchServer), so both modes count the same tokens.
     */
    public static String answer(JsonNode request, String text) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message").put("role", "assistant");
        var content = message.putArray("content");
        if (text != null) {
            content.addObject().put("text", text);
        }
        root.put("stopReason", "end_turn");
        int input = (request.at("/system/0/text").asText() + request.at("/messages/0/content/0/text").asText())
                .length() / 4;
        int output = text == null ? 0 : Math.max(1, text.length() / 4);
        root.putObject("usage").put("inputTokens", input).put("outputTokens", output).put("totalTokens",
                input + output);
        root.putObject("metrics").put("latencyMs", 7);
        return JSON.writeValueAsString(root);
    }

    /**
     * What is wrong with the request's SigV4 signature, or null: the Authorization header's form, the credential
     * (the test key, today's scope in this region for the bedrock service), the signed headers (host and x-amz-date
     * at least) and the signature recomputed from the canonical request with the test secret.
     */
    public static String signatureProblem(String method, String rawPath, String rawQuery, Map<String, String> headers,
            byte[] body) {
        String authorization = headers.get("authorization");
        if (authorization == null) {
            return "no Authorization header: the request is not signed";
        }
        Matcher auth = AUTHORIZATION.matcher(authorization);
        if (!auth.matches()) {
            return "the Authorization header is not of the AWS4-HMAC-SHA256 form";
        }
        String date = headers.get("x-amz-date");
        if (date == null || !date.matches("\\d{8}T\\d{6}Z")) {
            return "no X-Amz-Date header of the form yyyyMMdd'T'HHmmss'Z'";
        }
        if (!auth.group(1).equals(ACCESS_KEY_ID)) {
            return "signed with another access key id";
        }
        if (!auth.group(2).equals(date.substring(0, 8))) {
            return "the credential scope's date is not X-Amz-Date's";
        }
        if (!auth.group(3).equals(REGION) || !auth.group(4).equals("bedrock")) {
            return "the credential scope is " + auth.group(3) + "/" + auth.group(4) + ", not " + REGION + "/bedrock";
        }
        List<String> signed = List.of(auth.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date")) {
            return "the signed headers " + signed + " leave out host or x-amz-date";
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed) {
            String value = headers.get(name);
            if (value == null) {
                return "signed header " + name + " is missing";
            }
            canonicalHeaders.append(name).append(':').append(value.strip().replaceAll("\\s+", " ")).append('\n');
        }
        String canonicalRequest = method + "\n" + canonicalPath(rawPath) + "\n" + (rawQuery == null ? "" : rawQuery)
                + "\n" + canonicalHeaders + "\n" + auth.group(5) + "\n" + hex(sha256(body));
        String scope = auth.group(2) + "/" + REGION + "/bedrock/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), auth.group(2));
        key = hmac(key, REGION);
        key = hmac(key, "bedrock");
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        return expected.equals(auth.group(6)) ? null : "the signature does not match the request";
    }

    /** SigV4's canonical path for services other than S3: each segment, as sent, URI-encoded once more. */
    private static String canonicalPath(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")
                    .replace("*", "%2A").replace("%7E", "~"));
        }
        return String.join("/", segments);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static void sendError(HttpExchange exchange, ErrorAnswer error) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", error.type()
                + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        if (error.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", error.retryAfter());
        }
        ObjectNode body = JSON.createObjectNode().put("message", error.message());
        send(exchange, error.status(), JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The system properties that give the SDK's default chain the test credentials (set them before a call). */
    public static Map<String, String> credentials() {
        return Map.of("aws.accessKeyId", ACCESS_KEY_ID, "aws.secretAccessKey", SECRET_KEY);
    }

    /** The configuration that points both agents at this server through Bedrock, in LLM mode. */
    public Map<String, String> config() {
        return Map.ofEntries(Map.entry("afl.llm.provider", "bedrock"), Map.entry("afl.llm.bedrock.endpoint",
                endpoint()), Map.entry("afl.llm.bedrock.region", REGION),
                Map.entry("quarkus.langchain4j.openai.recommender.chat-model.model-name", "scripted-recommender"),
                Map.entry("quarkus.langchain4j.openai.user.chat-model.model-name", "scripted-user"),
                Map.entry("quarkus.langchain4j.openai.recommender.timeout", "10s"),
                Map.entry("quarkus.langchain4j.openai.user.timeout", "10s"),
                Map.entry("afl.agents.mode", "llm"), Map.entry("afl.llm.model", "scripted"),
                Map.entry("afl.llm.backoff", "5ms"), Map.entry("afl.llm.unavailable-cooldown", "0s"));
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

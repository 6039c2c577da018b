package dev.afl.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * A local server speaking the OpenAI chat-completions wire format, answering from a script: each request takes
 * the next scripted step (a reply, an HTTP error, a delay, a broken body, a connection dropped mid-response). It
 * records every request body, and when it arrived, so tests can assert what the prompts rendered to and how the
 * client spaced its retries.
 */
public final class ScriptedChatServer implements AutoCloseable {

    /** One scripted answer. */
    public sealed interface Step {
    }

    record Reply(String content, int delayMillis) implements Step {
    }

    record Status(int code, String body, String retryAfter) implements Step {
    }

    record RawBody(String body) implements Step {
    }

    /** Announces a complete reply, sends only its first {@code sentBytes} bytes and closes the connection. */
    record Disconnect(int sentBytes) implements Step {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Function<String, String> responder;

    public ScriptedChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    public static Step reply(String content) {
        return new Reply(content, 0);
    }

    public static Step slowReply(String content, int delayMillis) {
        return new Reply(content, delayMillis);
    }

    public static Step status(int code) {
        return new Status(code, "{\"error\": {\"message\": \"scripted " + code + "\", \"type\": \"server_error\"}}", null);
    }

    public static Step tooManyRequests(String retryAfter) {
        return new Status(429, "{\"error\": {\"message\": \"rate limited\", \"type\": \"rate_limit\"}}", retryAfter);
    }

    public static Step rawBody(String body) {
        return new RawBody(body);
    }

    /** A connection that breaks mid-response: the headers promise a whole completion, a few bytes arrive. */
    public static Step disconnect() {
        return new Disconnect(20);
    }

    /** A well-formed completion without any choice (some gateways answer so when a filter blocks the reply). */
    public static Step emptyChoices() {
        return new RawBody("{\"id\": \"chatcmpl-test\", \"object\": \"chat.completion\", \"created\": 1700000000,"
                + " \"model\": \"test-model\", \"choices\": [], \"usage\": {\"prompt_tokens\": 10,"
                + " \"completion_tokens\": 0, \"total_tokens\": 10}}");
    }

    /** Replaces the script; a request beyond it gets HTTP 500 (a test that asks too often fails loudly). */
    public void script(Step... steps) {
        script.clear();
        requests.clear();
        arrivals.clear();
        script.addAll(List.of(steps));
    }

    /**
     * Answers every request the script does not cover with {@code responder(conversation)}, the request's messages
     * (system, then user) as one text: a stand-in LLM for runs too long to script reply by reply. It must answer
     * from the messages alone, so replies do not depend on the order requests arrive in.
     */
    public void respondWith(java.util.function.Function<String, String> responder) {
        this.responder = responder;
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** When each request arrived ({@link System#nanoTime()}), in arrival order. */
    public List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The user message of request i (0-based). */
    public String userMessage(int i) {
        return messageOf(requests.get(i), "user");
    }

    /** The system message of request i (0-based). */
    public String systemMessage(int i) {
        return messageOf(requests.get(i), "system");
    }

    /** Every message of request i, system first, as one text (what a stand-in LLM reads). */
    public String conversation(int i) {
        return conversationOf(requests.get(i));
    }

    private static String messageOf(JsonNode request, String role) {
        for (JsonNode message : request.get("messages")) {
            if (message.get("role").asText().equals(role)) {
                return message.get("content").asText();
            }
        }
        throw new AssertionError("a request has no " + role + " message: " + request);
    }

    private static String conversationOf(JsonNode request) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : request.get("messages")) {
            text.append(text.isEmpty() ? "" : "\n\n").append(message.get("content").asText());
        }
        return text.toString();
    }

    public int remainingSteps() {
        return script.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            arrivals.add(System.nanoTime());
            requests.add(body);
            Step step = script.poll();
            if (step == null && responder != null) {
                step = reply(responder.apply(conversationOf(body)));
            }
            if (step == null) {
                send(exchange, 500, "{\"error\": {\"message\": \"script exhausted\"}}", null);
                return;
            }
            switch (step) {
                case Reply reply -> {
                    if (reply.delayMillis() > 0) {
                        sleep(reply.delayMillis());
                    }
                    send(exchange, 200, completion(body, reply.content()), null);
                }
                case Status status -> send(exchange, status.code(), status.body(), status.retryAfter());
                case RawBody raw -> send(exchange, 200, raw.body(), null);
                case Disconnect disconnect -> sendPart(exchange, completion(body, "Reason: cut off.\nItem: x"),
                        disconnect.sentBytes());
            }
        }
    }

    private static String completion(JsonNode request, String content) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", request.path("model").asText("test-model"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (content == null) {
            message.putNull("content");
        } else {
            message.put("content", content);
        }
        int promptTokens = request.toString().length() / 4;
        int completionTokens = content == null ? 0 : Math.max(1, content.length() / 4);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return JSON.writeValueAsString(root);
    }

    private static void send(HttpExchange exchange, int code, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Sends the headers and the first bytes, then fails the exchange: the JDK server answers a handler's exception by
     * closing the connection, so the client sees its response end in the middle of the body.
     */
    private static void sendPart(HttpExchange exchange, String body, int sentBytes) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, 0, Math.min(sentBytes, bytes.length));
        out.flush();
        throw new IOException("scripted disconnect after " + sentBytes + " bytes");
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

}

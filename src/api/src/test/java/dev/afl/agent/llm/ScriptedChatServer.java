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

    /** Announces a complete reply, sends its first {@code sentBytes} bytes, then nothing for {@code holdMillis}. */
    record Stall(int sentBytes, int holdMillis) implements Step {
    }

    /** Announces a long complete reply and sends it one byte every {@code intervalMillis}, until the client leaves. */
    record Trickle(int intervalMillis) implements Step {
    }

    /**
     * Answers {@code status} with an OpenAI-style error whose message echoes the request's Authorization header, the
     * bare key and a {@code key=} form, as some gateways do.
     */
    record EchoAuthorization(int status) implements Step {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> leftMidBody = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger trickling = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.function.Function<JsonNode, String> responder;
    private volatile UsageCounter usage = UsageCounter.ROUGH;

    /**
     * How the server counts the {@code usage} of its replies. A real provider counts the request's messages with the
     * model's tokenizer; by default this server reports a rough figure (a quarter of the request's JSON length).
     */
    public interface UsageCounter {

        UsageCounter ROUGH = new UsageCounter() {
            @Override
            public long promptTokens(JsonNode request) {
                return request.toString().length() / 4;
            }

            @Override
            public long completionTokens(String content) {
                return Math.max(1, content.length() / 4);
            }
        };

        /** The input tokens of a request (its {@code messages}, as the provider bills them). */
        long promptTokens(JsonNode request);

        /** The output tokens of a reply's content. */
        long completionTokens(String content);
    }

    public ScriptedChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // A thread per exchange: stalled and trickled replies hold theirs.
        server.setExecutor(Executors.newCachedThreadPool());
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

    /** Headers and the first 20 bytes of a reply, then nothing for a minute (or until the server closes). */
    public static Step stall() {
        return new Stall(20, 60_000);
    }

    /** A reply sent one byte every half second: about 40 minutes for the whole. */
    public static Step trickle() {
        return new Trickle(500);
    }

    public static Step echoAuthorization(int status) {
        return new EchoAuthorization(status);
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
        leftMidBody.clear();
        script.addAll(List.of(steps));
    }

    /**
     * Answers every request the script does not cover with {@code responder(conversation)}, the request's messages
     * (system, then user) as one text: a stand-in LLM for runs too long to script reply by reply. It must answer
     * from the messages alone, so replies do not depend on the order requests arrive in.
     */
    public void respondWith(java.util.function.Function<String, String> responder) {
        this.responder = request -> responder.apply(conversationOf(request));
    }

    /**
     * The same, the responder reading the whole request body (its {@code seed}, its settings) besides the messages
     * ({@link #conversationOf}): a stand-in LLM whose sampling a request's seed changes.
     */
    public void respondToRequests(java.util.function.Function<JsonNode, String> responder) {
        this.responder = responder;
    }

    /** Reports usage counted by {@code counter} from now on, as a provider with that tokenizer would. */
    public void countUsageWith(UsageCounter counter) {
        this.usage = counter;
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

    /** A request's messages, system first, as one text (what a stand-in LLM reads). */
    public static String conversationOf(JsonNode request) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : request.get("messages")) {
            text.append(text.isEmpty() ? "" : "\n\n").append(message.get("content").asText());
        }
        return text.toString();
    }

    public int remainingSteps() {
        return script.size();
    }

    /** When a trickled reply found its client gone ({@link System#nanoTime()}): the client closed the connection. */
    public List<Long> leftMidBody() {
        return List.copyOf(leftMidBody);
    }

    /** Trickled replies still being sent: each holds its exchange until the client leaves. */
    public int trickling() {
        return trickling.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            arrivals.add(System.nanoTime());
            requests.add(body);
            Step step = script.poll();
            if (step == null && responder != null) {
                step = reply(responder.apply(body));
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
                case Stall stall -> sendStalled(exchange, completion(body, "Reason: stalled.\nItem: x"), stall);
                case Trickle trickle -> sendTrickled(exchange, completion(body, "Reason: slow." + " ".repeat(5_000)
                        + "\nItem: x"), trickle.intervalMillis());
                case EchoAuthorization echo -> {
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    String key = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
                    ObjectNode error = JSON.createObjectNode();
                    error.putObject("error").put("message", "Incorrect API key provided: " + key + ". You sent"
                            + " Authorization: " + authorization + " (key=" + key + ")").put("type",
                            "invalid_request_error").put("code", "invalid_api_key").put("echo", authorization);
                    send(exchange, echo.status(), JSON.writeValueAsString(error) + "\n<pre>Authorization: "
                            + authorization + "</pre>", null);
                }
            }
        }
    }

    private static void sendStalled(HttpExchange exchange, String body, Stall stall) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, 0, Math.min(stall.sentBytes(), bytes.length));
        out.flush();
        sleep(stall.holdMillis());
        throw new IOException("scripted stall over");
    }

    private void sendTrickled(HttpExchange exchange, String body, int intervalMillis) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        trickling.incrementAndGet();
        try {
            for (byte b : bytes) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException gone) {
                    leftMidBody.add(System.nanoTime());
                    throw gone;
                }
                sleep(intervalMillis);
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("server closing");
                }
            }
        } finally {
            trickling.decrementAndGet();
        }
    }

    private String completion(JsonNode request, String content) throws IOException {
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
        long promptTokens = usage.promptTokens(request);
        long completionTokens = content == null ? 0 : usage.completionTokens(content);
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

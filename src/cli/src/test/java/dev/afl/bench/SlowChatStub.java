package dev.afl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.afl.agent.llm.PromptText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 that answers every request after a fixed delay, as
 * a remote LLM of that latency would: the recommender (its model name ends in {@code recommender}) names the first
 * candidate of its prompt that the user has not rejected yet; the user always declines, so every session plays
 * all its rounds. One virtual thread per request, so the stub never limits concurrency; it counts requests and the
 * most that were in flight at once, per model. Unlike the tests' {@code ScriptedChatServer} (four threads, a
 * script, every body kept), it is built to be driven hard.
 */
final class SlowChatStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Requests and the peak number in flight, per model, since the last {@link #take}. */
    record Traffic(Map<String, Integer> requests, Map<String, Integer> peakInFlight, int peakInFlightAll) {

        int total() {
            return requests.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final long delayMillis;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
    private final AtomicInteger inFlightAll = new AtomicInteger();
    private final AtomicInteger peakAll = new AtomicInteger();

    SlowChatStub(long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    /** The traffic since the last call, and a fresh count. */
    synchronized Traffic take() {
        Map<String, Integer> counted = new java.util.TreeMap<>();
        Map<String, Integer> peaks = new java.util.TreeMap<>();
        requests.forEach((model, n) -> counted.put(model, n.getAndSet(0)));
        peak.forEach((model, n) -> peaks.put(model, n.getAndSet(0)));
        return new Traffic(counted, peaks, peakAll.getAndSet(0));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String model = body.path("model").asText("unknown");
            requests.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
            int now = inFlight.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
            peak.computeIfAbsent(model, m -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            peakAll.accumulateAndGet(inFlightAll.incrementAndGet(), Math::max);
            String reply;
            try {
                Thread.sleep(delayMillis);
                String prompt = conversation(body);
                reply = completion(model, model.endsWith("recommender") ? recommend(prompt)
                        : "Reason: not quite what I am after today.\nDecision: no");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                // Out of flight before the answer leaves: the caller's next request cannot overlap this one.
                inFlight.get(model).decrementAndGet();
                inFlightAll.decrementAndGet();
            }
            send(exchange, reply);
        }
    }

    /**
     * The first candidate the memory block does not name as rejected. Titles without a letter or digit are passed
     * over: the application's reply parser cannot read them back (LastFM's artist "!!!"; see docs/PERFORMANCE.md),
     * and a re-ask would change the calls per session this benchmark divides by.
     */
    private static String recommend(String prompt) {
        List<String> candidates = PromptText.items(prompt, "candidates");
        String memory = java.util.Objects.requireNonNullElse(PromptText.block(prompt, "memory"), "");
        for (String candidate : candidates) {
            if (candidate.chars().anyMatch(Character::isLetterOrDigit) && !memory.contains("\"" + candidate + "\"")
                    && !memory.contains("you recommended is " + candidate + ".")) {
                return "Reason: it follows the user's recent listening.\nItem: " + candidate;
            }
        }
        return "Reason: nothing left.\nItem: " + candidates.getFirst();
    }

    /** The request's messages, system first, as one text (the paper set's memory is in the system message). */
    private static String conversation(JsonNode body) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : body.path("messages")) {
            text.append(text.isEmpty() ? "" : "\n\n").append(message.path("content").asText());
        }
        return text.toString();
    }

    private static String completion(String model, String content) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-bench").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        root.putObject("usage").put("prompt_tokens", 600).put("completion_tokens", 30).put("total_tokens", 630);
        return JSON.writeValueAsString(root);
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

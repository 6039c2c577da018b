package dev.afl.model.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local server speaking the remote recommendation model's contract on 127.0.0.1: each POST takes the next
 * scripted step (scores, a slow answer, an HTTP status, a raw body); beyond the script it answers with the
 * responder, if one is set, else HTTP 500. It records every request (body and headers).
 */
public final class ScriptedScoreServer implements AutoCloseable {

    /** One scripted answer. */
    public sealed interface Step {
    }

    record Raw(int status, String body, int delayMillis, String header, String headerValue) implements Step {
    }

    /**
     * Announces a whole answer of scores and sends it {@code bytesAtOnce} bytes at a time, {@code intervalMillis}
     * apart: a stall after the first bytes (a long interval) or a trickle.
     */
    record Slow(int bytesAtOnce, int intervalMillis) implements Step {
    }

    /** A request as received. */
    public record Received(JsonNode body, Headers headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, String> responder;

    public ScriptedScoreServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/score";
    }

    /** 200, the headers and the first 10 bytes of an answer, then nothing for a minute. */
    public static Step stalledBody() {
        return new Slow(10, 60_000);
    }

    /** 200 and an answer padded to 2,000 bytes, one byte every half second. */
    public static Step trickledBody() {
        return new Slow(1, 500);
    }

    public static Step scores(double... scores) {
        return body(200, scoresJson(scores));
    }

    public static Step slowScores(int delayMillis, double... scores) {
        return new Raw(200, scoresJson(scores), delayMillis, null, null);
    }

    public static Step status(int code) {
        return body(code, "{\"error\": \"scripted " + code + "\"}");
    }

    public static Step status(int code, String header, String value) {
        return new Raw(code, "{\"error\": \"scripted " + code + "\"}", 0, header, value);
    }

    public static Step body(int status, String body) {
        return new Raw(status, body, 0, null, null);
    }

    /** Replaces the script and forgets earlier requests. */
    public void script(Step... steps) {
        script.clear();
        requests.clear();
        script.addAll(List.of(steps));
    }

    /** Answers requests beyond the script with {@code responder(request body)} as the JSON body. */
    public void respondWith(Function<JsonNode, String> responder) {
        this.responder = responder;
    }

    public List<Received> requests() {
        return List.copyOf(requests);
    }

    public int remainingSteps() {
        return script.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            requests.add(new Received(body, exchange.getRequestHeaders()));
            Step step = script.poll();
            if (step == null && responder != null) {
                step = body(200, responder.apply(body));
            }
            if (step instanceof Slow slow) {
                sendSlowly(exchange, slow);
                return;
            }
            Raw raw = step == null ? (Raw) body(500, "{\"error\": \"script exhausted\"}") : (Raw) step;
            if (raw.delayMillis() > 0) {
                try {
                    Thread.sleep(raw.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = raw.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (raw.header() != null) {
                exchange.getResponseHeaders().add(raw.header(), raw.headerValue());
            }
            exchange.sendResponseHeaders(raw.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client gave up (a timeout under test): nothing to answer
        }
    }

    private static void sendSlowly(HttpExchange exchange, Slow slow) throws IOException {
        byte[] bytes = (scoresJson(1, 2, 3).replace("}", " ".repeat(2_000) + "}")).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        for (int sent = 0; sent < bytes.length; sent += slow.bytesAtOnce()) {
            out.write(bytes, sent, Math.min(slow.bytesAtOnce(), bytes.length - sent));
            out.flush();
            try {
                Thread.sleep(slow.intervalMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String scoresJson(double... scores) {
        StringBuilder json = new StringBuilder("{\"scores\": [");
        for (int i = 0; i < scores.length; i++) {
            json.append(i == 0 ? "" : ", ").append(scores[i]);
        }
        return json.append("]}").toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

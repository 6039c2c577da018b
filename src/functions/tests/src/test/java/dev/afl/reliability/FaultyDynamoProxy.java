package dev.afl.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of dynalite that answers chosen DynamoDB calls the way DynamoDB does when it throttles
 * (HTTP 400 with the service's error body, nothing written), and forwards every other call unchanged. The client
 * under test is the real SDK client, so its error parsing and retry policy are what get exercised.
 */
public final class FaultyDynamoProxy implements AutoCloseable {

    /** What the proxy does with one call. */
    public enum Answer {
        FORWARD(null),
        PROVISIONED_THROUGHPUT_EXCEEDED("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"),
        THROTTLING("com.amazon.coral.availability#ThrottlingException");

        final String errorType;

        Answer(String errorType) {
            this.errorType = errorType;
        }
    }

    /** Decides the answer to a call from its operation ({@code PutItem}, {@code Query}...) and JSON body. */
    @FunctionalInterface
    public interface Rule {
        Answer answer(String operation, String body);
    }

    /** The count of forwarded writes that DynamoDB refused because their condition failed (a lost race). */
    public static final String CONDITIONAL_CHECK_FAILED = "conditionalCheckFailed";

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile Rule rule = (operation, body) -> Answer.FORWARD;

    public FaultyDynamoProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void rule(Rule rule) {
        this.rule = rule;
    }

    /** Calls seen with this answer ({@code FORWARD}, {@code THROTTLING}...), or of this operation. */
    public int count(String key) {
        return counts.getOrDefault(key, new AtomicInteger()).get();
    }

    public void resetCounts() {
        counts.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget == null ? "" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            Answer answer = rule.answer(operation, new String(body, StandardCharsets.UTF_8));
            counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            counts.computeIfAbsent(answer.name(), k -> new AtomicInteger()).incrementAndGet();
            if (answer != Answer.FORWARD) {
                byte[] error = ("{\"__type\":\"" + answer.errorType + "\",\"message\":\"injected: the request rate is"
                        + " too high\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.getResponseHeaders().add("x-amzn-RequestId", "injected-" + System.nanoTime());
                exchange.sendResponseHeaders(400, error.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(error);
                }
                return;
            }
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        byte[] answer = response.body();
        if (response.statusCode() == 400 && new String(answer, StandardCharsets.UTF_8).contains("ConditionalCheckFailed")) {
            counts.computeIfAbsent(CONDITIONAL_CHECK_FAILED, k -> new AtomicInteger()).incrementAndGet();
        }
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        client.close();
    }
}

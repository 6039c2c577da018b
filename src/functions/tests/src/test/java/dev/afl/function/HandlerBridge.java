package dev.afl.function;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge between the local state-machine runner (Node) and the real handlers: POST /{function} with the
 * task input invokes that handler in this JVM and answers its output, or, as Lambda does, the error's type
 * (the exception class) and message. A function can be set to be delivered twice (at-least-once delivery).
 */
final class HandlerBridge implements AutoCloseable {

    /** A handler and its event type. */
    record Route(RequestHandler<Object, Object> handler, Class<?> eventType) {
    }

    private final HttpServer server;
    private final ObjectMapper json;
    private final Map<String, Route> routes;
    private final Set<String> deliveredTwice = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> repliesToLose = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final AtomicInteger repliesLost = new AtomicInteger();

    HandlerBridge(ObjectMapper json, Map<String, Route> routes) throws IOException {
        this.json = json;
        this.routes = routes;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        server.setExecutor(command -> {
            Thread thread = new Thread(command, "handler-bridge");
            thread.setContextClassLoader(application);
            thread.start();
        });
        server.createContext("/", this::handle);
        server.start();
    }

    @SuppressWarnings("unchecked")
    static Route route(RequestHandler<?, ?> handler, Class<?> eventType) {
        return new Route((RequestHandler<Object, Object>) handler, eventType);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void deliverTwice(String function) {
        deliveredTwice.add(function);
    }

    /**
     * The next {@code count} replies of the function are lost after it ran (its writes are stored): the caller gets
     * the error Step Functions reports for a function that died, {@code Lambda.Unknown}, and retries.
     */
    void loseReplies(String function, int count) {
        repliesToLose.computeIfAbsent(function, f -> new AtomicInteger()).addAndGet(count);
    }

    /**
     * The next {@code count} invocations of the function fail with {@code errorType} before it runs, as the function
     * reports an error its SDK gave up on (a write throttled through all of the SDK's attempts stores nothing).
     */
    void failNext(String function, String errorType, int count) {
        failNext(function, event -> true, errorType, count);
    }

    /** As {@link #failNext(String, String, int)}, for the invocations whose event matches {@code when} only. */
    void failNext(String function, java.util.function.Predicate<Object> when, String errorType, int count) {
        failures.put(function, new Failure(when, errorType, new AtomicInteger(count)));
    }

    /** Invocations to fail before they run. */
    private record Failure(java.util.function.Predicate<Object> when, String errorType, AtomicInteger left) {
    }

    int repliesLost() {
        return repliesLost.get();
    }

    int invocations(String function) {
        return invocations.getOrDefault(function, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String function = exchange.getRequestURI().getPath().substring(1);
            Route route = routes.get(function);
            if (route == null) {
                send(exchange, 404, Map.of("errorType", "NoSuchFunction", "errorMessage", function));
                return;
            }
            Object event;
            try {
                event = json.readValue(exchange.getRequestBody(), route.eventType());
            } catch (dev.afl.AflException e) {
                // An event refused while it is read (StrictEvents): the runtime reports it as the function's error.
                send(exchange, 500, Map.of("errorType", e.getClass().getName(), "errorMessage", e.getMessage()));
                return;
            }
            Failure failure = failures.get(function);
            if (failure != null && failure.when().test(event) && failure.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                invocations.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
                send(exchange, 500, Map.of("errorType", failure.errorType(), "errorMessage",
                        "injected: " + failure.errorType()));
                return;
            }
            try {
                Object result = invoke(function, route, event);
                if (deliveredTwice.contains(function)) {
                    result = invoke(function, route, event);
                }
                AtomicInteger toLose = repliesToLose.get(function);
                if (toLose != null && toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    repliesLost.incrementAndGet();
                    send(exchange, 500, Map.of("errorType", "Lambda.Unknown", "errorMessage",
                            "injected: the function ran, its reply was lost"));
                    return;
                }
                send(exchange, 200, result);
            } catch (RuntimeException e) {
                if (!(e instanceof dev.afl.AflException)) {
                    e.printStackTrace(); // an unexpected failure: its trace belongs in the test output
                }
                send(exchange, 500, Map.of("errorType", e.getClass().getName(), "errorMessage",
                        String.valueOf(e.getMessage())));
            }
        }
    }

    /** One invocation in its own request context, as the Lambda runtime gives every event. */
    private Object invoke(String function, Route route, Object event) {
        invocations.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            return route.handler().handleRequest(event, null);
        } finally {
            requestContext.terminate();
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

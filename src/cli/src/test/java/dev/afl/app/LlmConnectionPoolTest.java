package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.afl.AflException;
import dev.afl.agent.llm.LlmCall;
import dev.afl.agent.llm.RecommenderAssistant;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.agent.llm.UserAssistant;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each agent's LLM client holds {@code afl.llm.max-connections} calls in flight, not the REST client's default of
 * 50: a local chat-completions server holds every request open until the test lets them go, so the calls in flight
 * pile up to whatever the client's pool allows, and the server counts the peak per model. 64 calls per agent
 * against a pool of 60: exactly 60 in flight, the other 4 waiting in the client until the held ones are answered.
 */
@QuarkusTest
@QuarkusTestResource(value = LlmConnectionPoolTest.HeldServer.class, restrictToAnnotatedClass = true)
class LlmConnectionPoolTest {

    static final int CONNECTIONS = 60;
    static final int CALLS = 64;

    @Inject
    RecommenderAssistant recommender;
    @Inject
    UserAssistant user;

    @Test
    void eachAgentsClientHoldsMaxConnectionsCallsInFlight() throws Exception {
        HoldingServer server = HeldServer.server;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                replies.add(callers.submit(() -> call(recommender::chat)));
                replies.add(callers.submit(() -> call(user::chat)));
            }
            boolean filled = server.awaitInFlight(2 * CONNECTIONS, 10);
            // Time for any call beyond the pool to arrive, if the pool let it through.
            Thread.sleep(300);
            Map<String, Integer> peak = server.peakInFlight();
            int held = server.inFlight();
            server.release();
            for (Future<String> reply : replies) {
                assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("held and answered");
            }
            assertThat(filled).as("%d calls in flight (peaks %s): the pool of %d was not reached", held, peak,
                    CONNECTIONS).isTrue();
            assertThat(peak).as("calls in flight at once, per agent").containsEntry("scripted-recommender",
                    CONNECTIONS).containsEntry("scripted-user", CONNECTIONS);
            assertThat(server.requests()).isEqualTo(2 * CALLS);
        }
    }

    @Test
    void aPoolOfNoConnectionsIsRefusedWithTheFix() {
        assertThatThrownBy(() -> OpenAiRestClientListener.checkedMaxConnections(0)).isInstanceOf(AflException.class)
                .hasMessageContaining("afl.llm.max-connections (AFL_LLM_MAX_CONNECTIONS) is 0")
                .hasMessageContaining("at least 1");
        assertThatCode(() -> OpenAiRestClientListener.checkedMaxConnections(1)).doesNotThrowAnyException();
    }

    private static String call(LlmCall llm) {
        return llm.chat("You answer briefly.", "hold this call").content();
    }

    /** Starts the holding server and points both agents at it, with a pool of {@link #CONNECTIONS}. */
    public static class HeldServer implements QuarkusTestResourceLifecycleManager {

        static HoldingServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = new HoldingServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new HashMap<>(ScriptedChatServerResource.configFor(server.baseUrl()));
            config.put("quarkus.langchain4j.openai.recommender.timeout", "30s");
            config.put("quarkus.langchain4j.openai.user.timeout", "30s");
            config.put("afl.llm.max-connections", Integer.toString(CONNECTIONS));
            return config;
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * A chat-completions server that answers nothing until released: one virtual thread per request, so it never
     * limits concurrency itself; it counts requests and the most in flight at once, per model.
     */
    static final class HoldingServer implements AutoCloseable {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final HttpServer server;
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Map<String, AtomicInteger> inFlightPerModel = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();

        HoldingServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
        }

        /** Waits until {@code calls} are held at once; false after {@code seconds}. */
        boolean awaitInFlight(int calls, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (inFlight.get() < calls) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(10);
            }
            return true;
        }

        int inFlight() {
            return inFlight.get();
        }

        Map<String, Integer> peakInFlight() {
            Map<String, Integer> peaks = new java.util.TreeMap<>();
            peak.forEach((model, n) -> peaks.put(model, n.get()));
            return peaks;
        }

        int requests() {
            return requests.get();
        }

        void release() {
            released.countDown();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String model = body.path("model").asText("unknown");
                requests.incrementAndGet();
                inFlight.incrementAndGet();
                int now = inFlightPerModel.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
                peak.computeIfAbsent(model, m -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    inFlightPerModel.get(model).decrementAndGet();
                    inFlight.decrementAndGet();
                }
                byte[] bytes = ("{\"id\": \"chatcmpl-held\", \"object\": \"chat.completion\", \"created\": 1700000000,"
                        + " \"model\": \"" + model + "\", \"choices\": [{\"index\": 0, \"finish_reason\": \"stop\","
                        + " \"message\": {\"role\": \"assistant\", \"content\": \"held and answered\"}}],"
                        + " \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 3, \"total_tokens\": 8}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}

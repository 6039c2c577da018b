package dev.afl.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sends a raw JSON event to the function of the running {@code @QuarkusTest} the way Lambda does: through Quarkus'
 * mock event server ({@code POST /_lambda_}), which the application's Lambda poll loop reads, so the event is
 * mapped by the runtime's own mapper (with {@link StrictEvents}) into the handler's input type, and the answer is
 * the runtime's: the handler's output as JSON, or, for an exception, {@code errorType} (its class) and
 * {@code errorMessage}.
 */
public final class MockLambda {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MockLambda() {
    }

    /** The runtime's answer: the function's output, or the error it reported. */
    public record Answer(int status, String body, JsonNode json) {

        public boolean failed() {
            return status != 200;
        }

        /** The output of a successful invocation; fails the test with the error otherwise. */
        public JsonNode output() {
            if (failed()) {
                throw new AssertionError("The function failed (" + status + "): " + body);
            }
            return json;
        }

        /** The error's type (the exception's class name), as Lambda and Step Functions name it. */
        public String errorType() {
            return failed() && json != null ? json.path("errorType").asText(null) : null;
        }

        public String errorMessage() {
            return failed() && json != null ? json.path("errorMessage").asText(null) : null;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Invokes the module's function with this event (any text: the runtime reads it, not the test). */
    public static Answer invoke(String event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        if (port <= 0) {
            throw new IllegalStateException("Set quarkus.lambda.mock-event-server.test-port to a fixed port for these"
                    + " tests (got " + port + ").");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/_lambda_"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            return new Answer(response.statusCode(), body, json);
        } catch (IOException e) {
            throw new AssertionError("The mock event server on port " + port + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while invoking the function", e);
        }
    }
}

package dev.afl.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LLM key comes from a local server speaking the Secrets Manager JSON protocol. */
class SecretsManagerKeySourceTest {

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile String answer;
    volatile int status = 200;

    @BeforeEach
    void start() throws Exception {
        // The SDK's default credential chain reads these (the Lambda runtime provides real ones).
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.stop(0);
    }

    private SecretsManagerKeySource source(String arn) {
        return new SecretsManagerKeySource(Map.of("AFL_LLM_API_KEY_SECRET_ARN", arn, "AWS_REGION", "eu-west-1",
                "AFL_SECRETS_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @Test
    void readsTheKeyOnceFromTheSecret() {
        answer = "{\"ARN\": \"arn:aws:secretsmanager:eu-west-1:1:secret:llm\", \"SecretString\": \"sk-test-123\\n\"}";
        SecretsManagerKeySource source = source("arn:aws:secretsmanager:eu-west-1:1:secret:llm");
        assertThat(source.getPropertyNames()).containsExactly("AFL_LLM_API_KEY");
        assertThat(source.getValue("AFL_LLM_API_KEY")).isEqualTo("sk-test-123");
        assertThat(source.getValue("AFL_LLM_API_KEY")).isEqualTo("sk-test-123");
        assertThat(source.getValue("OTHER")).isNull();
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst()).startsWith("secretsmanager.GetSecretValue").contains("secret:llm");
    }

    @Test
    void withoutTheVariableTheSourceIsEmpty() {
        SecretsManagerKeySource source = new SecretsManagerKeySource(Map.of());
        assertThat(source.getPropertyNames()).isEmpty();
        assertThat(source.getValue("AFL_LLM_API_KEY")).isNull();
        assertThat(requests).isEmpty();
    }

    @Test
    void aMissingSecretSaysWhatToCheck() {
        status = 400;
        answer = "{\"__type\": \"ResourceNotFoundException\", \"message\": \"no such secret\"}";
        assertThatThrownBy(() -> source("arn:missing").getValue("AFL_LLM_API_KEY"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("arn:missing")
                .hasMessageContaining("secretsmanager:GetSecretValue").hasMessageNotContaining("sk-");
    }
}

package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With an OTLP endpoint configured, the API's requests are traced and exported there (http/protobuf): the span of a
 * refinement reaches the collector, named by its route. (Without an endpoint the SDK is off:
 * {@code TracesOffWithoutEndpointTest}.)
 */
@QuarkusTest
@TestProfile(TracedApiProfile.class)
class ApiTracesTest {

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "otlp-collector.exports")
    String exports;
    @ConfigProperty(name = "quarkus.otel.sdk.disabled")
    boolean sdkDisabled;

    @Test
    void aRefinementIsTracedAndExported() throws Exception {
        assertThat(sdkDisabled).as("an endpoint is configured: the SDK is on").isFalse();
        RestAssured.given().baseUri(root.toString()).contentType("application/json")
                .body(ApiTestCases.body("traced-1", ApiTestCases.cases().get(0), 2)).post("/v1/refinements")
                .then().statusCode(200);

        String exported = awaitExport("POST /v1/refinements");
        assertThat(exported).contains("/v1/traces\n");
    }

    /** What the collector has received, once it holds the text (protobuf keeps strings as UTF-8 bytes). */
    private String awaitExport(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String received = new String(Files.readAllBytes(Path.of(exports)), StandardCharsets.ISO_8859_1);
            if (received.contains(text)) {
                return received;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no span named '" + text + "' reached the collector within 30 s; it received "
                        + received.length() + " bytes");
            }
            Thread.sleep(100);
        }
    }
}

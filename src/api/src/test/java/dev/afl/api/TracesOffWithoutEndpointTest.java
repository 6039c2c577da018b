package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK is off unless an OTLP endpoint is configured, and an explicit setting wins. */
class TracesOffWithoutEndpointTest {

    /** Endpoints another test of this JVM left as system properties (ApiTracesTest's collector, until it stops). */
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void noEndpointFromElsewhere() {
        for (String name : TracesOffWithoutEndpoint.ENDPOINTS) {
            assertThat(System.getenv(TracesOffWithoutEndpoint.environmentName(name)))
                    .as("run these tests without an OTLP endpoint in the environment").isNull();
            String value = System.clearProperty(name);
            if (value != null) {
                saved.put(name, value);
            }
        }
    }

    @AfterEach
    void restore() {
        saved.forEach(System::setProperty);
    }

    private static boolean sdkDisabled(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "test", 250))
                .withSources(new TracesOffWithoutEndpoint()).build();
        return config.getOptionalValue(TracesOffWithoutEndpoint.SDK_DISABLED, Boolean.class).orElse(false);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertThat(sdkDisabled(Map.of())).isTrue();
    }

    @Test
    void offWithOnlyTheExtensionsDefaultEndpoint() {
        // The packaged application carries the extensions' defaults as a source of the lowest ordinal.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quarkus.otel.exporter.otlp.endpoint",
                        "http://localhost:4317"), "defaults", Integer.MIN_VALUE + 100))
                .withSources(new TracesOffWithoutEndpoint()).build();
        assertThat(config.getOptionalValue(TracesOffWithoutEndpoint.SDK_DISABLED, Boolean.class)).hasValue(true);
    }

    @Test
    void onWithAnEndpointForEverySignalOrForTraces() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318")))
                .isFalse();
    }

    @Test
    void onWithAnEndpointAsASystemProperty() {
        String name = TracesOffWithoutEndpoint.ENDPOINTS.get(0);
        System.setProperty(name, "http://collector:4317");
        try {
            assertThat(sdkDisabled(Map.of())).isFalse();
        } finally {
            System.clearProperty(name);
        }
    }

    @Test
    void theEnvironmentVariablesAreMicroProfileConfigsNames() {
        assertThat(TracesOffWithoutEndpoint.ENDPOINTS.stream().map(TracesOffWithoutEndpoint::environmentName))
                .containsExactly("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(sdkDisabled(Map.of(TracesOffWithoutEndpoint.SDK_DISABLED, "false"))).isFalse();
        assertThat(sdkDisabled(Map.of(TracesOffWithoutEndpoint.SDK_DISABLED, "true",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isTrue();
    }
}

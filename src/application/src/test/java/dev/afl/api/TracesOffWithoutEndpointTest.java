package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK is off unless an OTLP endpoint is configured, and an explicit setting wins. */
class TracesOffWithoutEndpointTest {

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
    void onWithAnEndpointForEverySignalOrForTraces() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318")))
                .isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(sdkDisabled(Map.of(TracesOffWithoutEndpoint.SDK_DISABLED, "false"))).isFalse();
        assertThat(sdkDisabled(Map.of(TracesOffWithoutEndpoint.SDK_DISABLED, "true",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isTrue();
    }
}

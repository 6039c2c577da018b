package dev.afl.api;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the OpenTelemetry SDK off unless an OTLP endpoint is configured. The extension's default endpoint is
 * localhost:4317, so without a collector every command and test would try to export the API's traces there and log
 * the failures; with an endpoint set (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT or its traces-only form) the SDK is on and
 * exports. A {@code quarkus.otel.sdk.disabled} set anywhere else wins: this source has the lowest ordinal.
 */
public class TracesOffWithoutEndpoint implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean configured = ENDPOINTS.stream().map(context::getValue)
                .map(ConfigValue::getValue).anyMatch(value -> value != null && !value.isBlank());
        return configured ? List.of() : List.of(new PropertiesConfigSource(Map.of(SDK_DISABLED, "true"),
                "afl: no OTLP endpoint configured, traces off", 1));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(1);
    }
}

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
 * localhost:4317, so without a collector every start of the API and every test would try to export the API's traces
 * there and log the failures; with an endpoint set (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT or its traces-only form, in the environment,
 * as a system property or in the configuration) the SDK is on and exports. A {@code quarkus.otel.sdk.disabled} set
 * anywhere else wins: this source's ordinal is below every source a user sets.
 */
public class TracesOffWithoutEndpoint implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    /** Below every source a user sets (application.properties 250, microprofile-config.properties 100). */
    static final int ORDINAL = 50;
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // The environment and the system properties are read directly as well, so the answer does not hang on which
        // sources Quarkus puts in the factory's context at each stage.
        boolean configured = ENDPOINTS.stream().anyMatch(name -> setByAUser(context.getValue(name))
                || present(System.getProperty(name)) || present(System.getenv(environmentName(name))));
        // Always a value, never "no opinion": Quarkus keeps what the build saw (no endpoint, so true) as a runtime
        // default, which only a source giving false at run time overrides.
        return List.of(new PropertiesConfigSource(Map.of(SDK_DISABLED, Boolean.toString(!configured)),
                configured ? "afl: an OTLP endpoint is configured, traces on" : "afl: no OTLP endpoint, traces off",
                ORDINAL));
    }

    /**
     * A value from a source a user sets; not the extension's default endpoint (localhost:4317), which the packaged
     * application carries as a default source of the lowest ordinal: taken for a setting, it turned the SDK on in
     * every `afl serve` without a collector.
     */
    static boolean setByAUser(ConfigValue value) {
        return value != null && present(value.getValue()) && value.getConfigSourceOrdinal() > ORDINAL;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The environment variable of a property, as MicroProfile Config maps it (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT). */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(1);
    }
}

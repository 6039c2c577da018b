package dev.afl.api;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A stand-in OpenTelemetry collector: an HTTP server taking OTLP (http/protobuf) exports, appending each request's
 * path and body to a file the test reads ({@code otlp-collector.exports}; the test runs in another class loader, so a
 * file is what both sides share).
 */
public class OtlpCollectorResource implements QuarkusTestResourceLifecycleManager {

    private static final String ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            Path exports = Files.createTempFile(Path.of("target"), "otlp-exports-", ".bin").toAbsolutePath();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    byte[] bytes = body.readAllBytes();
                    synchronized (this) {
                        Files.write(exports, (exchange.getRequestURI().getPath() + "\n").getBytes(),
                                StandardOpenOption.APPEND);
                        Files.write(exports, bytes, StandardOpenOption.APPEND);
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            // The endpoint as a user sets it (an environment variable or a system property), where the config
            // source factory that turns the SDK on sees it; a test resource's own settings are not among the
            // sources such a factory is given.
            System.setProperty(ENDPOINT, "http://127.0.0.1:" + server.getAddress().getPort());
            return Map.of(
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "otlp-collector.exports", exports.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        System.clearProperty(ENDPOINT);
        if (server != null) {
            server.stop(0);
        }
    }
}

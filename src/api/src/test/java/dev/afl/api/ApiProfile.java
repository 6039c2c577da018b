package dev.afl.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The API as {@code ./afl serve} runs it (HTTP listener on), on a free port, with the offline agents
 * and a fresh session folder under target/.
 */
public class ApiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = served();
        config.put("afl.agents.mode", "offline");
        return config;
    }

    /** What turns the API on for a test, with its own session folder. */
    static Map<String, String> served() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.host-enabled", "true");
        config.put("quarkus.http.test-port", "0");
        config.put("afl.api.store-dir", freshFolder("api-sessions").toString());
        return config;
    }

    private static Path freshFolder(String name) {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

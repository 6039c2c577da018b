package dev.afl.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The API with the offline agents and a data folder that holds no catalog: the server knows ids but no titles. */
public class NoCatalogProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = ApiProfile.served();
        config.put("afl.agents.mode", "offline");
        try {
            Files.createDirectories(Path.of("target"));
            config.put("afl.api.data-dir", Files.createTempDirectory(Path.of("target"), "no-catalog-")
                    .toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}

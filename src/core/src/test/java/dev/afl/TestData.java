package dev.afl;

import dev.afl.data.DataLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the tests find the real datasets: {@code AFL_DATA_DIR}, else {@code ../shared/data}. A missing data path
 * fails the test with instructions; tests never skip silently.
 */
public final class TestData {

    private TestData() {
    }

    public static Path dataDir() {
        String configured = System.getenv(DataLocation.DATA_DIR_VARIABLE);
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../shared/data");
        if (!Files.isDirectory(dir.resolve("reference-splits"))) {
            throw new AssertionError("The tests need the datasets: set " + DataLocation.DATA_DIR_VARIABLE
                    + " to the folder holding reference-splits/, ml-100k/ and hetrec2011-lastfm-2k/ (.ci/run points it"
                    + " at ../shared/data). Looked in " + dir.toAbsolutePath());
        }
        return dir;
    }

    public static Path referenceModels() {
        String configured = System.getenv("AFL_REFERENCE_MODELS");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : dataDir().toAbsolutePath().resolveSibling("reference-models");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("The checkpoint-import tests need the published checkpoints: set"
                    + " AFL_REFERENCE_MODELS (looked in " + dir.toAbsolutePath() + ").");
        }
        return dir;
    }

    /** The real data path with a cache under target/ (downloads never land beside the read-only data). */
    public static DataLocation location() {
        return new DataLocation(dataDir(), cacheDir());
    }

    public static Path cacheDir() {
        return Path.of(Optional.ofNullable(System.getenv(DataLocation.CACHE_DIR_VARIABLE)).filter(s -> !s.isBlank())
                .orElse("target/cache"));
    }

    public static Map<String, String> environment(String dataDir) {
        return dataDir == null ? Map.of() : Map.of(DataLocation.DATA_DIR_VARIABLE, dataDir);
    }

    public static Path python() {
        return Path.of(System.getProperty("tests.python", "/usr/bin/python3"));
    }
}

package dev.afl;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Node tools under {@code src/test/node} (dynalite, asl-validator, aws-local-stepfunctions, Node 22).
 * Missing tools fail the test with the command that installs them; nothing is skipped.
 */
public final class NodeTools {

    public static final Path HOME = Path.of("src/test/node");

    private NodeTools() {
    }

    /** Node 22 from the npm package {@code node} (aws-local-stepfunctions needs it). */
    public static Path node() {
        return require(HOME.resolve("node_modules/.bin/node"));
    }

    public static Path script(String relative) {
        return require(HOME.resolve(relative));
    }

    private static Path require(Path path) {
        if (!Files.exists(path)) {
            throw new AssertionError("Missing " + path + ": install the test tools with 'npm ci --prefix src/test/node'"
                    + " (.ci/run does).");
        }
        return path;
    }
}

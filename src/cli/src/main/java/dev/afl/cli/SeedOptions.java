package dev.afl.cli;

import java.util.List;
import java.util.stream.LongStream;
import picocli.CommandLine.Option;

/** The candidate seeds an evaluation averages over, shared by the evaluation commands. */
public class SeedOptions {

    static final int DEFAULT_SEEDS = 10;

    @Option(names = "--seeds", paramLabel = "N", description = "Candidate seeds 0..N-1 (default: " + DEFAULT_SEEDS + ").")
    Integer count;

    List<Long> seeds() {
        int n = count == null ? DEFAULT_SEEDS : count;
        if (n < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + n);
        }
        return LongStream.range(0, n).boxed().toList();
    }

    /** Whether {@code --seeds} was given on the command line. */
    boolean given() {
        return count != null;
    }
}

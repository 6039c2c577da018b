package dev.afl.cli;

import java.util.List;
import java.util.stream.LongStream;
import picocli.CommandLine.Option;

/** The candidate seeds an evaluation averages over, shared by the evaluation commands. */
public class SeedOptions {

    @Option(names = "--seeds", defaultValue = "10", description = "Candidate seeds 0..N-1 (default: ${DEFAULT-VALUE}).")
    int count;

    List<Long> seeds() {
        if (count < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + count);
        }
        return LongStream.range(0, count).boxed().toList();
    }
}

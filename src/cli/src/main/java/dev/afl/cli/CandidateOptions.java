package dev.afl.cli;

import dev.afl.evaluation.CandidateLists;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which candidate lists an evaluation plays: the paper's own (the default) or the seeded draws over
 * {@code --seeds N}; {@code --seeds} alone chooses the seeded draws.
 */
public class CandidateOptions {

    @Option(names = "--candidates", paramLabel = "LISTS",
            description = "paper (the paper's own list per row, drawn as the reference code draws it from Python's"
                    + " random.seed(303); the default) or seeds (one list per row and seed, --seeds N, the robustness"
                    + " check; --seeds alone chooses it).")
    String candidates;

    @Mixin
    SeedOptions seedOptions;

    CandidateLists lists() {
        if (candidates == null) {
            return seedOptions.given() ? CandidateLists.SEEDS : CandidateLists.PAPER;
        }
        CandidateLists lists = CandidateLists.byId(candidates);
        if (lists == CandidateLists.PAPER && seedOptions.given()) {
            throw new IllegalArgumentException("--seeds applies to --candidates seeds: the paper's lists are one fixed"
                    + " list per row (drawn from seed " + CandidateLists.PAPER_SEED + "). Drop --seeds, or use"
                    + " --candidates seeds.");
        }
        return lists;
    }

    /** The seeds the cases carry: 0..N-1 for the seeded draws, the reference code's 303 for the paper's lists. */
    List<Long> seeds() {
        return lists() == CandidateLists.PAPER ? List.of(CandidateLists.PAPER_SEED) : seedOptions.seeds();
    }
}

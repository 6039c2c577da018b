package dev.afl.evaluation;

import dev.afl.evaluation.stats.ClusteredPairs;

/**
 * One comparison of a report's family before it is tested: its outcomes by cluster and what the two
 * configurations say about it beforehand.
 *
 * @param label how the comparison is named where another one refers to it
 */
public record PlannedComparison(String label, ClusteredPairs pairs, Expectation expectation) {

    /** What is known about a comparison from its configurations alone, before its outcomes are seen. */
    public sealed interface Expectation {
    }

    /** Nothing: tested when the outcomes differ somewhere. */
    public record Unknown() implements Expectation {
    }

    /** The two configurations play every case alike by construction, for the given reason. */
    public record Identical(String reason) implements Expectation {
    }

    /** By construction the same comparison as the family's comparison at index {@code original}, for the reason. */
    public record SameAs(int original, String reason) implements Expectation {
    }

    public static PlannedComparison unknown(String label, ClusteredPairs pairs) {
        return new PlannedComparison(label, pairs, new Unknown());
    }
}

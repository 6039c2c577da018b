package dev.afl.evaluation;

import dev.afl.evaluation.stats.ClusteredMcNemar;
import dev.afl.evaluation.stats.ClusteredPairs;
import dev.afl.evaluation.stats.SignFlipTest;
import java.util.List;

/**
 * What a report says about two configurations compared on the same cases, at the unit of independence (a row,
 * whose cases over candidate seeds share the history; a user, whose judgements share the person): the
 * discordant counts, and either the two clustered tests with their Holm-adjusted p-values within the report's
 * family of comparisons, or why the comparison was not tested. {@link ComparisonFamily} decides which.
 *
 * @param cases              paired cases
 * @param clusters           units of independence (rows, users)
 * @param onlyFirst          cases only the first configuration gets right
 * @param onlySecond         cases only the second configuration gets right
 * @param discordantClusters clusters with at least one discordant case
 * @param status             tested, or why not
 * @param note               why the configurations are the same by construction, or a warning that an expected
 *                           identity did not hold; empty when there is nothing to add
 * @param tests              the clustered tests when {@code status} is {@link Status#TESTED}, else null
 */
public record PairedComparison(int cases, int clusters, int onlyFirst, int onlySecond, int discordantClusters,
        Status status, String note, Tests tests) {

    public enum Status {
        /** Tested, and counted in the family's Holm adjustment. */
        TESTED,
        /** The two configurations play every case alike by construction (the note says why). */
        IDENTICAL_BY_CONSTRUCTION,
        /** By construction the same comparison as another one of the family (the note names it). */
        SAME_AS_ANOTHER,
        /** The outcomes agree on every case: no test of these data could reject. */
        NO_DISCORDANT_CASE
    }

    /**
     * The two clustered tests of one comparison.
     *
     * @param clusteredMcNemarHolmP the clustered McNemar p adjusted by Holm over the family's tested comparisons
     * @param signFlipHolmP         the sign-flip p adjusted the same way
     * @param familySize            how many comparisons the family tested (Holm's m)
     */
    public record Tests(ClusteredMcNemar clusteredMcNemar, double clusteredMcNemarHolmP, SignFlipTest signFlip,
            double signFlipHolmP, int familySize) {
    }

    /** Two configurations compared on their own, a family of one (no identity known beforehand). */
    public static PairedComparison alone(ClusteredPairs pairs) {
        return ComparisonFamily.evaluate(List.of(PlannedComparison.unknown("", pairs))).getFirst();
    }

    public boolean tested() {
        return status == Status.TESTED;
    }
}

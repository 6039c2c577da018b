package dev.afl.evaluation.report;

import static dev.afl.evaluation.report.ReportNumbers.NOT_AVAILABLE;
import static dev.afl.evaluation.report.ReportNumbers.count;
import static dev.afl.evaluation.report.ReportNumbers.pValue;

import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PairedComparison.Tests;
import java.util.List;
import java.util.Objects;

/**
 * How the report writes a paired comparison's tests, the same in the recommendation and user-simulation tables:
 * the discordant counts, how many units (rows, users) differ, each clustered p-value with its Holm adjustment, and
 * whether the comparison was tested or why not.
 */
final class PairedTestCells {

    static final String NOT_TESTED = "-";

    private PairedTestCells() {
    }

    /** {@code onlyFirst / onlySecond}. */
    static String discordant(PairedComparison test) {
        return test == null ? NOT_AVAILABLE : count(test.onlyFirst()) + " / " + count(test.onlySecond());
    }

    /** Units with a discordant case, of all units: {@code 61 of 122}. */
    static String clustersThatDiffer(PairedComparison test) {
        return test == null ? NOT_AVAILABLE : count(test.discordantClusters()) + " of " + count(test.clusters());
    }

    static String clusteredMcNemar(PairedComparison test) {
        Tests tests = testsOf(test);
        return tests == null ? NOT_TESTED
                : withHolm(tests.clusteredMcNemar().p(), tests.clusteredMcNemarHolmP());
    }

    static String signFlip(PairedComparison test) {
        Tests tests = testsOf(test);
        return tests == null ? NOT_TESTED : withHolm(tests.signFlip().p(), tests.signFlipHolmP());
    }

    /** "yes", or "no: " and why not (identical by construction, the same as another comparison, no discordance). */
    static String tested(PairedComparison test) {
        if (test == null || test.status() == null) {
            return NOT_AVAILABLE;
        }
        String note = Objects.requireNonNullElse(test.note(), "");
        return switch (test.status()) {
            case TESTED -> note.isEmpty() ? "yes" : "yes; " + note;
            case IDENTICAL_BY_CONSTRUCTION -> "no: identical by construction (" + note + ")";
            case SAME_AS_ANOTHER -> "no: " + note;
            case NO_DISCORDANT_CASE -> "no: no discordant case";
        };
    }

    /** Holm's m: how many comparisons of the table were tested (0 when none). */
    static int familySize(List<PairedComparison> tests) {
        return (int) tests.stream().filter(t -> t != null && t.status() == PairedComparison.Status.TESTED).count();
    }

    /** The sentence that says what the Holm column adjusts over, or that nothing was tested. */
    static String holmSentence(int tested) {
        return switch (tested) {
            case 0 -> "None of these comparisons is tested.";
            case 1 -> "One comparison is tested, a family of one: its Holm p-value is its own.";
            default -> "Each p-value is followed by its Holm adjustment over the " + tested
                    + " comparisons tested in this table.";
        };
    }

    private static Tests testsOf(PairedComparison test) {
        return test == null || test.status() != PairedComparison.Status.TESTED ? null : test.tests();
    }

    /** {@code 0.0363 (Holm 0.2178)}. */
    private static String withHolm(double p, double holm) {
        return pValue(p) + " (Holm " + pValue(holm) + ")";
    }
}

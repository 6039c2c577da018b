package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.afl.evaluation.PairedComparison.Status;
import dev.afl.evaluation.stats.ClusteredPairs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed expectations for a family of paired comparisons and the like/dislike metrics. */
class PairedAndClassificationTest {

    private static boolean[] outcomes(String pattern) {
        boolean[] out = new boolean[pattern.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pattern.charAt(i) == '1';
        }
        return out;
    }

    /** Clusters of {@code cases} cases with the given per-cluster counts only the first / the second gets right. */
    private static ClusteredPairs pairs(int cases, int[] onlyFirst, int[] onlySecond) {
        int[] sizes = new int[onlyFirst.length];
        java.util.Arrays.fill(sizes, cases);
        return ClusteredPairs.ofCounts(sizes, onlyFirst, onlySecond);
    }

    @Test
    void aFamilyTestsOnlyWhatCanDifferAndAdjustsTheTestedOnesByHolm() {
        // 20 rows of 2 cases. "strong": the first wins in 12 rows, loses in none; "weak": wins 6 rows, loses 3.
        int[] twelve = new int[20];
        int[] six = new int[20];
        int[] three = new int[20];
        for (int i = 0; i < 12; i++) {
            twelve[i] = 1;
        }
        for (int i = 0; i < 6; i++) {
            six[i] = 2;
        }
        for (int i = 6; i < 9; i++) {
            three[i] = 1;
        }
        ClusteredPairs strong = pairs(2, twelve, new int[20]);
        ClusteredPairs weak = pairs(2, six, three);
        ClusteredPairs none = pairs(2, new int[20], new int[20]);
        List<PairedComparison> family = ComparisonFamily.evaluate(List.of(
                PlannedComparison.unknown("strong", strong),
                new PlannedComparison("rec agent vs base", none, new PlannedComparison.Identical("offline: the same")),
                new PlannedComparison("strong again", strong, new PlannedComparison.SameAs(0, "by rule")),
                PlannedComparison.unknown("nothing differs", none),
                PlannedComparison.unknown("weak", weak)));

        assertThat(family).extracting(PairedComparison::status).containsExactly(Status.TESTED,
                Status.IDENTICAL_BY_CONSTRUCTION, Status.SAME_AS_ANOTHER, Status.NO_DISCORDANT_CASE, Status.TESTED);
        assertThat(family.get(1).note()).isEqualTo("offline: the same");
        assertThat(family.get(2).note()).isEqualTo("the same comparison as strong (by rule)");
        assertThat(family.get(1).tests()).isNull();
        assertThat(family.get(2).tests()).isNull();
        assertThat(family.get(3).tests()).isNull();

        // Two tests in the family: Holm multiplies the smaller p by 2 and the larger by 1 (kept monotone).
        PairedComparison.Tests first = family.get(0).tests();
        PairedComparison.Tests last = family.get(4).tests();
        assertThat(first.familySize()).isEqualTo(2);
        assertThat(last.familySize()).isEqualTo(2);
        // "strong": 12 rows of +1 case: the sign flip enumerates 2^12 patterns, only all-plus and all-minus reach 12.
        assertThat(first.signFlip().exact()).isTrue();
        assertThat(first.signFlip().p()).isEqualTo(2 / 4096.0);
        assertThat(first.signFlipHolmP()).isEqualTo(2 * 2 / 4096.0);
        assertThat(first.clusteredMcNemarHolmP()).isEqualTo(2 * first.clusteredMcNemar().p());
        assertThat(last.signFlipHolmP()).isEqualTo(Math.max(last.signFlip().p(), first.signFlipHolmP()));
        assertThat(last.clusteredMcNemarHolmP()).isEqualTo(
                Math.max(last.clusteredMcNemar().p(), first.clusteredMcNemarHolmP()));
        // The counts travel with every comparison, tested or not.
        assertThat(family.get(4)).extracting(PairedComparison::cases, PairedComparison::clusters,
                PairedComparison::onlyFirst, PairedComparison::onlySecond, PairedComparison::discordantClusters)
                .containsExactly(40, 20, 12, 3, 9);
    }

    @Test
    void anIdentityTheOutcomesContradictIsTestedWithANote() {
        ClusteredPairs differ = pairs(2, new int[] {1, 1, 0}, new int[] {0, 0, 0});
        List<PairedComparison> family = ComparisonFamily.evaluate(List.of(
                new PlannedComparison("a vs b", differ, new PlannedComparison.Identical("offline: the same")),
                new PlannedComparison("c vs d", pairs(2, new int[] {0, 0, 1}, new int[] {0, 0, 0}),
                        new PlannedComparison.SameAs(0, "by rule"))));
        assertThat(family).extracting(PairedComparison::status).containsExactly(Status.TESTED, Status.TESTED);
        assertThat(family.get(0).note())
                .isEqualTo("expected identical by construction (offline: the same), but the outcomes differ on 2 cases");
        assertThat(family.get(1).note())
                .isEqualTo("expected to be the same comparison as a vs b (by rule), but the outcomes differ");
        assertThat(family.get(0).tests().familySize()).isEqualTo(2);
        // A repeat with the configurations swapped is the same comparison (two-sided tests).
        assertThat(ComparisonFamily.evaluate(List.of(PlannedComparison.unknown("a vs b", differ),
                new PlannedComparison("b vs a", differ.swapped(), new PlannedComparison.SameAs(0, "by rule"))))
                .get(1).status()).isEqualTo(Status.SAME_AS_ANOTHER);
        assertThatThrownBy(() -> ComparisonFamily.evaluate(List.of(
                new PlannedComparison("x", differ, new PlannedComparison.SameAs(0, "itself")))))
                .hasMessageContaining("only repeat an earlier one");
    }

    @Test
    void aComparisonAloneIsAFamilyOfOne() {
        PairedComparison alone = PairedComparison.alone(pairs(3, new int[] {1, 2, 0, 1}, new int[] {0, 0, 1, 0}));
        assertThat(alone.tested()).isTrue();
        assertThat(alone.tests().familySize()).isEqualTo(1);
        assertThat(alone.tests().clusteredMcNemarHolmP()).isEqualTo(alone.tests().clusteredMcNemar().p());
        assertThat(alone.tests().signFlipHolmP()).isEqualTo(alone.tests().signFlip().p());
        // Row means in thirds 1, 2, -1, 1, observed sum 3. The three 1s sum to 3 (1 pattern), 1 (3), -1 (3) or
        // -3 (1); with +2 the totals 5 and 3 (4 patterns), with -2 the totals -3 and -5 (4): 8 of 16, p = 0.5.
        assertThat(alone.tests().signFlip().p()).isEqualTo(0.5);
    }

    @Test
    void precisionRecallAndF1AtAOneToThreeRatio() {
        // User A: 5 liked of 20 (1:3); predicts like for 4, of which 3 are right.
        ClassificationMetrics.Counts a = ClassificationMetrics.count(
                outcomes("11110000000000000000"), outcomes("11101100000000000000"));
        assertThat(a).isEqualTo(new ClassificationMetrics.Counts(3, 1, 2));
        // User B: predicts nothing as liked (precision undefined), 5 liked.
        ClassificationMetrics.Counts b = new ClassificationMetrics.Counts(0, 0, 5);
        ClassificationMetrics micro = ClassificationMetrics.micro(List.of(a, b));
        assertThat(micro.precision()).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(micro.recall()).isCloseTo(3.0 / 10, within(1e-12));
        assertThat(micro.f1()).isCloseTo(2 * 3.0 / (2 * 3 + 1 + 7), within(1e-12));
        ClassificationMetrics macro = ClassificationMetrics.macro(List.of(a, b));
        assertThat(macro.precision()).isCloseTo(0.75, within(1e-12)); // only user A defines precision
        assertThat(macro.recall()).isCloseTo((0.6 + 0.0) / 2, within(1e-12));
        assertThat(macro.f1()).isCloseTo((6.0 / 9 + 0.0) / 2, within(1e-12));
    }
}

package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed expectations for the paired test and the like/dislike metrics. */
class PairedAndClassificationTest {

    private static boolean[] outcomes(String pattern) {
        boolean[] out = new boolean[pattern.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pattern.charAt(i) == '1';
        }
        return out;
    }

    @Test
    void mcNemarOnAKnownCase() {
        // 8 cases only the first gets right, 2 only the second: p = 2 * P(X <= 2), X ~ Bin(10, 1/2)
        // = 2 * (1 + 10 + 45) / 1024 = 0.109375.
        boolean[] first = outcomes("1111111100" + "11");
        boolean[] second = outcomes("0000000011" + "11");
        PairedComparison comparison = PairedComparison.mcNemar(first, second);
        assertThat(comparison.onlyFirst()).isEqualTo(8);
        assertThat(comparison.onlySecond()).isEqualTo(2);
        assertThat(comparison.mcNemarP()).isCloseTo(0.109375, within(1e-12));
        // 10 to 0: p = 2 / 1024.
        assertThat(PairedComparison.mcNemar(outcomes("1111111111"), outcomes("0000000000")).mcNemarP())
                .isCloseTo(2.0 / 1024, within(1e-12));
        // Balanced or identical outcomes: no evidence of a difference.
        assertThat(PairedComparison.mcNemar(outcomes("1100"), outcomes("0011")).mcNemarP()).isEqualTo(1.0);
        assertThat(PairedComparison.mcNemar(outcomes("1010"), outcomes("1010")).mcNemarP()).isEqualTo(1.0);
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

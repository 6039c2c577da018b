package dev.afl.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated power of the clustered test against the normal-approximation formulas it should reduce to. */
class PairedPowerTest {

    private static final double Z_ALPHA = 1.959964; // two-sided 0.05
    private static final double Z_POWER = 0.841621; // 80%

    /**
     * The normal approximation for a paired binary test (Connor 1987): with n independent pairs discordant with
     * probability psi, a difference delta is detected with 80% power at alpha 0.05 when
     * sqrt(n) delta = z_alpha sqrt(psi) + z_power sqrt(psi - delta^2). Solved for delta by fixed-point iteration.
     */
    private static double connor(double n, double psi) {
        double delta = 0;
        for (int i = 0; i < 100; i++) {
            delta = (Z_ALPHA * Math.sqrt(psi) + Z_POWER * Math.sqrt(psi - delta * delta)) / Math.sqrt(n);
        }
        return delta;
    }

    @Test
    void withIndependentSingleCasesItIsTheFormulaForAPairedBinaryTest() {
        // ICC 0 and one case per cluster: 1,000 independent pairs, 20% discordant. Connor: delta = 0.0396.
        PairedDesign design = new PairedDesign(1_000, 1, 0.3, 0, 0.2);
        double formula = connor(1_000, 0.2);
        assertThat(formula).isCloseTo(0.0396, within(1e-4));
        assertThat(PairedPower.minimumDetectableDifference(design).orElseThrow())
                .isCloseTo(formula, within(0.05 * formula));
    }

    @Test
    void withClusteredCasesItIsTheFormulaAtTheEffectiveSampleSize() {
        // LastFM with ten seeds: 122 rows x 10 cases, 14% discordant, differences correlated at 0.3 within a row.
        // Design effect 1 + 9 x 0.3 = 3.7: the 1,220 cases count as 1,220 / 3.7 = 330 independent pairs, so
        // delta = 0.0575 rather than the 0.0297 that 1,220 independent cases would give.
        PairedDesign design = new PairedDesign(122, 10, 0.27, 0.3, 0.14);
        assertThat(design.designEffect()).isCloseTo(3.7, within(1e-12));
        double formula = connor(1_220 / 3.7, 0.14);
        assertThat(formula).isCloseTo(0.0575, within(1e-4));
        double simulated = PairedPower.minimumDetectableDifference(design).orElseThrow();
        assertThat(simulated).isCloseTo(formula, within(0.10 * formula));
        assertThat(simulated).isGreaterThan(1.5 * connor(1_220, 0.14));
    }

    @Test
    void withoutAnEffectTheTestRejectsAboutAlphaOfTheTime() {
        PairedDesign design = new PairedDesign(122, 10, 0.27, 0.3, 0.14);
        double size = PairedPower.power(design, 0, 0.05, 4_000, 11);
        // 4,000 simulations: standard error 0.0034.
        assertThat(size).isBetween(0.035, 0.065);
        assertThat(PairedPower.power(design, 0.10, 0.05, 1_000, 11)).isGreaterThan(0.95);
    }

    @Test
    void fewRowsOrFewDisagreementsCannotReachThePower() {
        // 10 rows, one case each, the configurations disagree on 10%: at most one discordant case expected.
        assertThat(PairedPower.minimumDetectableDifference(new PairedDesign(10, 1, 0.3, 0, 0.1))).isEmpty();
        // The same difference is found more often with more rows.
        double fewer = PairedPower.power(new PairedDesign(200, 1, 0.3, 0, 0.2), 0.06, 0.05, 1_000, 3);
        double more = PairedPower.power(new PairedDesign(800, 1, 0.3, 0, 0.2), 0.06, 0.05, 1_000, 3);
        assertThat(more).isGreaterThan(fewer + 0.3);
    }

    @Test
    void theObservedDesignComesFromTwoConfigurationsOutcomes() {
        // 3 rows x 2 seeds; reference hits 3 of 6; they differ on 2 cases, both in row 0 (other better in both).
        List<Integer> rows = List.of(0, 0, 1, 1, 2, 2);
        boolean[] reference = {false, false, true, true, true, false};
        boolean[] other = {true, true, true, true, true, false};
        PairedDesign design = PairedDesign.observed(rows, reference, other);
        assertThat(design.clusters()).isEqualTo(3);
        assertThat(design.casesPerCluster()).isEqualTo(2);
        assertThat(design.baseRate()).isEqualTo(0.5);
        assertThat(design.discordance()).isCloseTo(2 / 6.0, within(1e-12));
        // Differences 1,1 / 0,0 / 0,0: all the variation is between rows, ICC 1 (capped at 0.99).
        assertThat(design.intraClusterCorrelation()).isEqualTo(0.99);
        assertThat(design.maxDifference()).isCloseTo(2 / 6.0, within(1e-12));
    }

    @Test
    void impossibleDesignsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new PairedDesign(100, 10, 0.3, 0.2, 0))
                .hasMessageContaining("never disagree");
        assertThatThrownBy(() -> new PairedDesign(100, 10, 0.05, 0.2, 0.3))
                .hasMessageContaining("cannot disagree on 0.3");
        assertThatThrownBy(() -> new PairedDesign(1, 10, 0.3, 0.2, 0.1)).hasMessageContaining("at least 2 clusters");
        assertThatThrownBy(() -> new PairedDesign(100, 10, 0.3, 1, 0.1)).hasMessageContaining("[0, 1)");
    }
}

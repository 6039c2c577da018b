package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void hitRatioCountsExactHitsOnly() {
        assertThat(HitRatio.mean(List.of("a", "b", "c", "d"), List.of("a", "x", "c", "y"))).isEqualTo(0.5);
        assertThat(HitRatio.atOne(null, "a")).isZero();
        assertThat(HitRatio.argMax(new float[] {0.1f, 0.7f, 0.7f, -1f})).isEqualTo(1);
    }

    @Test
    void bootstrapOfAConstantIsThatConstant() {
        Estimate estimate = BootstrapInterval.of(new double[] {1, 1, 1, 1});
        assertThat(estimate).isEqualTo(new Estimate(1, 1, 1));
    }

    @Test
    void bootstrapIntervalOfABernoulliMeanMatchesTheNormalApproximation() {
        // 122 cases, 35 hits: mean 0.2869, standard error sqrt(p(1-p)/n) = 0.0409, so the 95% CI is about +-0.080.
        double[] cases = new double[122];
        for (int i = 0; i < 35; i++) {
            cases[i] = 1;
        }
        Estimate estimate = BootstrapInterval.of(cases);
        assertThat(estimate.mean()).isCloseTo(35 / 122.0, within(1e-12));
        assertThat(estimate.ciLow()).isCloseTo(0.2869 - 0.0803, within(0.012));
        assertThat(estimate.ciHigh()).isCloseTo(0.2869 + 0.0803, within(0.012));
    }

    @Test
    void bootstrapIntervalsCoverTheTrueMeanAboutNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(1);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[] sample = new double[100];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = random.nextDouble() < 0.3 ? 1 : 0;
            }
            Estimate estimate = BootstrapInterval.of(sample, 1000, t, 0.95);
            if (estimate.ciLow() <= 0.3 && 0.3 <= estimate.ciHigh()) {
                covered++;
            }
        }
        assertThat(covered / (double) trials).isBetween(0.91, 0.98);
    }

    @Test
    void percentileInterpolatesBetweenRanks() {
        assertThat(BootstrapInterval.percentile(new double[] {0, 10, 20, 30}, 0.5)).isEqualTo(15);
        assertThat(BootstrapInterval.percentile(new double[] {0, 10, 20, 30}, 0.0)).isEqualTo(0);
        assertThat(BootstrapInterval.percentile(new double[] {0, 10, 20, 30}, 1.0)).isEqualTo(30);
    }
}

package dev.afl.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The clustered paired tests, Holm and the intra-cluster correlation against figures computed by hand. */
class ClusteredTestsTest {

    /**
     * Five rows of four cases (four candidate seeds). Per row, the cases only the first configuration hits (b) and
     * only the second hits (c):
     *
     * <pre>
     * row   b  c  D = b - c   row mean difference D / 4
     *  1    4  0     4          1
     *  2    3  0     3          0.75
     *  3    0  3    -3         -0.75
     *  4    4  0     4          1
     *  5    0  0     0          0
     * </pre>
     *
     * Case level: B = 11, C = 3, McNemar's exact p = 2 P(X <= 3), X ~ Bin(14, 1/2) = 2 (1 + 14 + 91 + 364) / 16384
     * = 0.0574, close to significance, as if the 14 discordant cases were 14 independent coin flips.
     *
     * <p>Obuchowski: K = 5, N = 20, sum D = 8, d = 8 / 20 = 0.4, so n_i d = 1.6 and the deviations D_i - 1.6 are
     * 2.4, 1.4, -4.6, 2.4, -1.6 with squares 5.76 + 1.96 + 21.16 + 5.76 + 2.56 = 37.2. chi^2 = (K - 1) / K * (sum D)^2
     * / 37.2 = 0.8 * 64 / 37.2 = 1.3763, p = P(chi^2_1 >= 1.3763) = 2 (1 - Phi(sqrt(1.3763))) = 0.2407.
     *
     * <p>Sign flip: the non-zero row means in quarters are 4, 3, -3, 4, observed |sum| = 8. Over the 16 sign patterns
     * the two 4s give +8, 0, 0 or -8 and the two 3s +6, 0, 0 or -6; |sum| >= 8 for (+8, +6), (+8, 0) twice, (-8, 0)
     * twice and (-8, -6): 6 patterns, p = 6 / 16 = 0.375 exactly. The mean difference is (1 + 0.75 - 0.75 + 1 + 0)
     * / 5 = 0.4.
     */
    @Test
    void aHandComputedClusteredCase() {
        List<Integer> rows = new ArrayList<>();
        List<Boolean> first = new ArrayList<>();
        List<Boolean> second = new ArrayList<>();
        int[][] discordant = {{4, 0}, {3, 0}, {0, 3}, {4, 0}, {0, 0}};
        for (int row = 0; row < discordant.length; row++) {
            for (int seed = 0; seed < 4; seed++) {
                rows.add(row);
                boolean onlyFirst = seed < discordant[row][0];
                boolean onlySecond = seed < discordant[row][1];
                // Concordant cases alternate hits and misses: they must not move either test.
                boolean both = seed % 2 == 0;
                first.add(onlyFirst || (!onlySecond && both));
                second.add(onlySecond || (!onlyFirst && both));
            }
        }
        ClusteredPairs pairs = ClusteredPairs.of(rows, toArray(first), toArray(second));
        assertThat(pairs.clusters()).isEqualTo(5);
        assertThat(pairs.cases()).isEqualTo(20);
        assertThat(pairs.onlyFirst()).isEqualTo(11);
        assertThat(pairs.onlySecond()).isEqualTo(3);
        assertThat(pairs.discordantClusters()).isEqualTo(4);

        assertThat(caseLevelMcNemar(11, 3)).isCloseTo(2 * 470 / 16384.0, within(1e-12));

        ClusteredMcNemar clustered = ClusteredMcNemar.of(pairs);
        assertThat(clustered.chiSquare()).isCloseTo(0.8 * 64 / 37.2, within(1e-12));
        double z = Math.sqrt(0.8 * 64 / 37.2);
        assertThat(clustered.p()).isCloseTo(2 * (1 - new NormalDistribution().cumulativeProbability(z)), within(1e-9))
                .isCloseTo(0.2407, within(1e-4));

        SignFlipTest signFlip = SignFlipTest.of(pairs.meanDifferences());
        assertThat(signFlip.exact()).isTrue();
        assertThat(signFlip.permutations()).isEqualTo(16);
        assertThat(signFlip.p()).isEqualTo(6 / 16.0);
        assertThat(signFlip.meanDifference()).isCloseTo(0.4, within(1e-12));
        // Swapping the configurations changes the sign of the effect, not the two-sided tests.
        assertThat(ClusteredMcNemar.of(pairs.swapped())).isEqualTo(clustered);
        assertThat(SignFlipTest.of(pairs.swapped().meanDifferences()).p()).isEqualTo(6 / 16.0);
    }

    @Test
    void withOneCasePerClusterTheClusteredTestIsCloseToMcNemar() {
        // 60 singleton clusters, 18 only-first and 6 only-second: McNemar's chi^2 = (18 - 6)^2 / 24 = 6.0. Obuchowski
        // with n_i = 1: d = 12 / 60 = 0.2; deviations 0.8 (18x), -1.2 (6x), -0.2 (36x): 11.52 + 8.64 + 1.44 = 21.6,
        // chi^2 = 59 / 60 * 144 / 21.6 = 6.5556 (the centred variance is a little smaller than B + C).
        int[] cases = new int[60];
        int[] onlyFirst = new int[60];
        int[] onlySecond = new int[60];
        java.util.Arrays.fill(cases, 1);
        for (int i = 0; i < 18; i++) {
            onlyFirst[i] = 1;
        }
        for (int i = 18; i < 24; i++) {
            onlySecond[i] = 1;
        }
        ClusteredMcNemar clustered = ClusteredMcNemar.of(ClusteredPairs.ofCounts(cases, onlyFirst, onlySecond));
        assertThat(clustered.chiSquare()).isCloseTo(59.0 / 60 * 144 / 21.6, within(1e-12));
        assertThat(clustered.p()).isCloseTo(0.0105, within(1e-4));
    }

    @Test
    void undefinedAndEmptyCasesSaySo() {
        // No discordant case: no evidence of a difference.
        ClusteredPairs none = ClusteredPairs.ofCounts(new int[] {3, 3}, new int[] {0, 0}, new int[] {0, 0});
        assertThat(ClusteredMcNemar.of(none)).isEqualTo(new ClusteredMcNemar(0, 1));
        assertThat(SignFlipTest.of(none.meanDifferences()).p()).isEqualTo(1.0);
        // Every cluster moves by exactly its share: the variance estimate is zero, the asymptotic test undefined;
        // the sign flip still answers (2 of 4 patterns reach |sum| = 2).
        ClusteredPairs even = ClusteredPairs.ofCounts(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0});
        assertThat(ClusteredMcNemar.of(even).p()).isNaN();
        assertThat(SignFlipTest.of(even.meanDifferences()).p()).isEqualTo(0.5);
        // One cluster: nothing to estimate a variance across.
        assertThat(ClusteredMcNemar.of(ClusteredPairs.ofCounts(new int[] {5}, new int[] {3}, new int[] {1})).p())
                .isNaN();
        assertThatThrownBy(() -> ClusteredPairs.ofCounts(new int[] {2}, new int[] {2}, new int[] {1}))
                .hasMessageContaining("impossible counts");
        assertThatThrownBy(() -> ClusteredPairs.of(List.of(1, 2), new boolean[2], new boolean[3]))
                .hasMessageContaining("one cluster and two outcomes per case");
    }

    @Test
    void theMonteCarloSignFlipMatchesTheSignTestItReducesTo() {
        // 30 clusters of mean difference +-1 (20 positive, 10 negative): the sign-flip sum is 2X - 30 with
        // X ~ Bin(30, 1/2), so p = P(|2X - 30| >= 10) = 2 P(X <= 10) = 0.0987. 30 non-zero clusters are too many to
        // enumerate: 20,000 random patterns, standard error 0.0021.
        double[] d = new double[30];
        for (int i = 0; i < 30; i++) {
            d[i] = i < 20 ? 1 : -1;
        }
        SignFlipTest test = SignFlipTest.of(d);
        assertThat(test.exact()).isFalse();
        assertThat(test.permutations()).isEqualTo(SignFlipTest.DEFAULT_PERMUTATIONS);
        double exact = 2 * new BinomialDistribution(30, 0.5).cumulativeProbability(10);
        assertThat(test.p()).isCloseTo(exact, within(0.008));
        // Seeded: the same p every time.
        assertThat(SignFlipTest.of(d).p()).isEqualTo(test.p());
        // All 30 the same sign: no random pattern reaches it, and the +1 correction keeps p above zero.
        double[] allPositive = new double[30];
        java.util.Arrays.fill(allPositive, 0.5);
        assertThat(SignFlipTest.of(allPositive, 10_000, 7).p()).isEqualTo(1.0 / 10_001);
    }

    @Test
    void holmMultipliesTheSortedPValuesStepDown() {
        // Sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04, raised to 0.06 to stay monotone.
        assertThat(Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
        // Capped at 1; a family of one is unchanged.
        assertThat(Holm.adjust(new double[] {0.4, 0.5})).containsExactly(new double[] {0.8, 0.8}, within(1e-12));
        assertThat(Holm.adjust(new double[] {0.7, 0.6, 0.9})).containsExactly(1.0, 1.0, 1.0);
        assertThat(Holm.adjust(new double[] {0.037})).containsExactly(0.037);
        // An undefined test stays undefined and counts in m.
        double[] withNaN = Holm.adjust(new double[] {0.01, Double.NaN});
        assertThat(withNaN[0]).isCloseTo(0.02, within(1e-12));
        assertThat(withNaN[1]).isNaN();
    }

    @Test
    void intraClusterCorrelationOfAHandMadeCase() {
        // Clusters A = 1,1,1,1; B = 0,0,0,0; C = 1,0,1,0. Grand mean 0.5; cluster means 1, 0, 0.5.
        // SSB = 4 (0.25 + 0.25 + 0) = 2, MSB = 2 / 2 = 1; SSW = 4 x 0.25 = 1, MSW = 1 / 9; n0 = 4.
        // ICC = (1 - 1/9) / (1 + 3/9) = 2/3.
        List<String> clusters = List.of("A", "A", "A", "A", "B", "B", "B", "B", "C", "C", "C", "C");
        double[] values = {1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0};
        assertThat(IntraClusterCorrelation.anova(clusters, values)).isCloseTo(2.0 / 3, within(1e-12));
        // Identical clusters 1,0 and 1,0: MSB = 0, MSW = 1 / 2, n0 = 2, so (0 - MSW) / (0 + (n0 - 1) MSW) = -1.
        assertThat(IntraClusterCorrelation.anova(List.of(1, 1, 2, 2), new double[] {1, 0, 1, 0}))
                .isCloseTo(-1.0, within(1e-12));
        assertThat(IntraClusterCorrelation.anova(List.of(1, 2, 3), new double[] {1, 0, 1})).isNaN();
    }

    /** McNemar's exact test over cases, as the reports computed it before clustering (kept here as evidence). */
    static double caseLevelMcNemar(int onlyFirst, int onlySecond) {
        int discordant = onlyFirst + onlySecond;
        if (discordant == 0) {
            return 1.0;
        }
        return Math.min(1.0, 2 * new BinomialDistribution(null, discordant, 0.5)
                .cumulativeProbability(Math.min(onlyFirst, onlySecond)));
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

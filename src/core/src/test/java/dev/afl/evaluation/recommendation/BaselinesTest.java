package dev.afl.evaluation.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The baselines beside AFL, on cases worked out by hand. */
class BaselinesTest {

    @Test
    void ranksAreOneBasedBestFirstWithTiesToTheEarlierCandidate() {
        assertThat(Baselines.ranks(new float[] {0.1f, 0.9f, 0.5f, 0.9f})).containsExactly(4, 1, 3, 2);
    }

    @Test
    void reciprocalRankFusionSumsOneOverSixtyPlusEachRank() {
        // candidate:        0     1     2     3
        // model ranks:      1     2     3     4
        // reward ranks:     4     1     2     3
        // 1/61+1/64 = 0.031018; 1/62+1/61 = 0.032523; 1/63+1/62 = 0.032002; 1/64+1/63 = 0.031498
        float[] model = {4, 3, 2, 1};
        float[] reward = {1, 4, 3, 2};
        assertThat(Baselines.rankFusion(model, reward)).isEqualTo(1);
    }

    @Test
    void whereBordaTiesFusionLeansToTheCandidateOneModelRanksFirst() {
        // candidate:        0     1     2     3
        // model ranks:      1     2     3     4
        // reward ranks:     3     2     4     1
        // Borda: 0 and 1 both sum to 4. RRF: 1/61 + 1/63 = 0.032266 > 2/62 = 0.032258 > 1/64 + 1/61 = 0.031018.
        float[] model = {4, 3, 2, 1};
        float[] reward = {2, 3, 1, 4};
        assertThat(Baselines.rankFusion(model, reward)).isEqualTo(0);
    }

    @Test
    void aFusionTieGoesToTheBetterRewardRank() {
        // candidates 0 and 2 both have the ranks {1, 3}: a tie in fused score; candidate 2 is the reward model's first.
        float[] model = {3, 2, 1};
        float[] reward = {1, 2, 3};
        assertThat(Baselines.rankFusion(model, reward)).isEqualTo(2);
        float[] swapped = {1, 2, 3};
        float[] rewardFirstIsZero = {3, 2, 1};
        assertThat(Baselines.rankFusion(swapped, rewardFirstIsZero)).isEqualTo(0);
    }

    @Test
    void theModelsTopFiveReRankedByTheRewardModel() {
        // model ranks: candidate 6 first, then 5, 4, 3, 2 (top 5), then 1, 0
        float[] model = {0, 1, 2, 3, 4, 5, 6};
        // the reward model likes candidate 0 best, but it is outside the model's top 5; of the top 5 it likes 3 best
        float[] reward = {9, 8, 1, 7, 2, 3, 4};
        assertThat(Baselines.rerankTop(model, reward, 5)).isEqualTo(3);
        // top 1 is the model's first whatever the reward
        assertThat(Baselines.rerankTop(model, reward, 1)).isEqualTo(6);
        // a reward tie within the top 5 goes to the better model rank
        float[] tied = {9, 9, 1, 7, 2, 7, 4};
        assertThat(Baselines.rerankTop(model, tied, 5)).isEqualTo(5);
    }

    @Test
    void theTwoModelsMustScoreTheSameCandidates() {
        assertThatThrownBy(() -> Baselines.rankFusion(new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 and 4");
    }
}

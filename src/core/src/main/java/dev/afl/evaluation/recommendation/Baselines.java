package dev.afl.evaluation.recommendation;

/**
 * The baselines beside AFL, computed from the two models' scores of one case's candidates alone: what AFL's answer
 * is compared with to see whether the loop adds anything beyond its two models.
 *
 * <ul>
 * <li>The reward model alone: its best candidate.</li>
 * <li>Reciprocal-rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009) of the two rankings: the candidate with the
 * largest 1 / (k + rank by the recommendation model) + 1 / (k + rank by the reward model), with the authors'
 * k = 60, untuned. Over 20 candidates 1 / (60 + r) is nearly linear in r, so this is Borda's sum of ranks with a
 * slight lean towards a candidate one model ranks first, which also settles most of Borda's ties. A tie goes to
 * the better reward rank (the reward model is AFL's judge), then to the earlier candidate.</li>
 * <li>The recommendation model's top 5 re-ranked by the reward model: its best of them (a tie to the better
 * recommendation rank).</li>
 * </ul>
 *
 * Ranks are 1-based with ties to the earlier candidate, as {@link dev.afl.evaluation.HitRatio#argMax} and the
 * reward signal count them.
 */
public final class Baselines {

    /** The reciprocal-rank fusion constant of Cormack et al. (2009). */
    public static final int RRF_K = 60;

    private Baselines() {
    }

    /** Each candidate's 1-based rank by score, best first, a tie to the earlier candidate. */
    public static int[] ranks(float[] scores) {
        int[] ranks = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int rank = 1;
            for (int j = 0; j < scores.length; j++) {
                if (scores[j] > scores[i] || (scores[j] == scores[i] && j < i)) {
                    rank++;
                }
            }
            ranks[i] = rank;
        }
        return ranks;
    }

    /** The index of the candidate reciprocal-rank fusion puts first. */
    public static int rankFusion(float[] recommendation, float[] reward) {
        requireSameLength(recommendation, reward);
        int[] byModel = ranks(recommendation);
        int[] byReward = ranks(reward);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < recommendation.length; i++) {
            double fused = 1.0 / (RRF_K + byModel[i]) + 1.0 / (RRF_K + byReward[i]);
            // Sums of the same two fractions in the other order may differ in the last bit: that is a tie.
            boolean tie = Math.abs(fused - bestScore) <= 1e-12;
            if (!tie && fused > bestScore || tie && byReward[i] < byReward[best]) {
                best = i;
                bestScore = fused;
            }
        }
        return best;
    }

    /** The index of the reward model's best among the recommendation model's top {@code k}. */
    public static int rerankTop(float[] recommendation, float[] reward, int k) {
        requireSameLength(recommendation, reward);
        int[] byModel = ranks(recommendation);
        int best = -1;
        for (int i = 0; i < recommendation.length; i++) {
            if (byModel[i] > k) {
                continue;
            }
            if (best < 0 || reward[i] > reward[best] || (reward[i] == reward[best] && byModel[i] < byModel[best])) {
                best = i;
            }
        }
        return best;
    }

    private static void requireSameLength(float[] recommendation, float[] reward) {
        if (recommendation.length != reward.length || recommendation.length == 0) {
            throw new IllegalArgumentException("the two models must score the same candidates, got "
                    + recommendation.length + " and " + reward.length + " scores");
        }
    }
}

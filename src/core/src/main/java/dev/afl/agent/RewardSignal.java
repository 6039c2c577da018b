package dev.afl.agent;

import java.util.List;

/**
 * What the reward model says about the proposed item, relative to the other candidates (absolute reward
 * scores mean nothing on their own).
 *
 * @param rank            1-based rank of the proposed item among the candidates by reward (1 = best fit)
 * @param candidateScores the reward of every candidate, in candidate order
 */
public record RewardSignal(float score, int rank, int candidateCount, float best, float median,
        List<Float> candidateScores) {

    public RewardSignal {
        candidateScores = List.copyOf(candidateScores);
    }

    /** The signal for the candidate at {@code position}, from the rewards of all candidates. */
    public static RewardSignal of(float[] rewards, int position) {
        float score = rewards[position];
        int rank = 1;
        for (int i = 0; i < rewards.length; i++) {
            if (rewards[i] > score || (rewards[i] == score && i < position)) {
                rank++;
            }
        }
        float[] sorted = rewards.clone();
        java.util.Arrays.sort(sorted);
        float median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        List<Float> all = new java.util.ArrayList<>(rewards.length);
        for (float reward : rewards) {
            all.add(reward);
        }
        return new RewardSignal(score, rank, rewards.length, sorted[sorted.length - 1], median, all);
    }
}

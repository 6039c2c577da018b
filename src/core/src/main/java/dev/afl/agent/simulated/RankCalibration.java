package dev.afl.agent.simulated;

import java.util.List;

/**
 * How often the reward model's r-th candidate is the true next item, estimated on a dataset's validation cases: the
 * calibrated user accepts a proposal of reward rank r with probability {@code trueItemByRank[r-1] / cases}.
 *
 * @param rewardModel    the reward model whose ranks were counted ({@code lastfm/sasrec})
 * @param trueItemByRank for each rank 1..candidates, the validation cases whose true item the reward model ranked
 *                       there (they sum to {@code cases}: each case has one true item)
 */
public record RankCalibration(String dataset, String rewardModel, List<Integer> trueItemByRank, int cases) {

    public RankCalibration {
        trueItemByRank = List.copyOf(trueItemByRank);
        if (trueItemByRank.size() < 2 || cases < 1
                || trueItemByRank.stream().mapToInt(Integer::intValue).sum() != cases
                || trueItemByRank.stream().anyMatch(count -> count < 0)) {
            throw new IllegalArgumentException("a rank calibration needs a non-negative count per rank summing to its "
                    + cases + " cases, got " + trueItemByRank);
        }
    }

    /** Candidates per case: the ranks there are. */
    public int candidates() {
        return trueItemByRank.size();
    }

    /** The probability that the candidate the reward model ranks {@code rank} (1 = best) is the true item. */
    public double trueItemProbability(int rank) {
        if (rank < 1 || rank > candidates()) {
            throw new IllegalArgumentException("reward rank " + rank + " outside 1.." + candidates()
                    + " (the calibration of " + dataset + " was estimated on lists of " + candidates() + " candidates)");
        }
        return trueItemByRank.get(rank - 1) / (double) cases;
    }
}

package dev.afl.agent.simulated;

import java.util.List;

/**
 * What the simulated users of one dataset were calibrated on, as written beside the dataset's models
 * ({@value #FILE_NAME}) so that every entry point (the command line, the API, the judge function, which has the
 * models but not the data) reads the same numbers: the reward model's ranks of the true items of the validation
 * cases, for the calibrated user, and the judge model's like threshold with how much it disagrees with the reward
 * model, for the independent user. Estimated on the validation split only ({@code ./afl calibrate-users}); each
 * model is named with its sha256, so a retrained model is noticed.
 *
 * @param trueItemByRewardRank validation cases whose true item the reward model ranks 1, 2, ... (one count per rank)
 */
public record SimulatedUserCalibration(String dataset, EstimatedOn estimatedOn, ModelRef rewardModel,
        List<Integer> trueItemByRewardRank, JudgeCalibration judgeModel, String createdAt) {

    public static final String FILE_NAME = "simulated-users.json";

    public SimulatedUserCalibration {
        trueItemByRewardRank = List.copyOf(trueItemByRewardRank);
    }

    /**
     * Which cases the figures come from.
     *
     * @param file   the split's file name, with its sha256
     * @param rows   validation rows (with at least the protocol's minimum history)
     * @param cases  rows x seeds: one candidate list per row and seed
     */
    public record EstimatedOn(String split, String file, String sha256, String candidateLists, List<Long> seeds,
            int rows, int cases) {

        public EstimatedOn {
            seeds = List.copyOf(seeds);
        }
    }

    /** A bundled model by its recorded name ({@code lastfm/sasrec}) and its ONNX file's sha256. */
    public record ModelRef(String name, String sha256) {
    }

    /**
     * The independent user's model on the validation cases.
     *
     * @param likeThreshold            the judge model's score at or above which it likes an item, maximising micro
     *                                 F1 on the validation rows at {@code ratio} (the reward model's rule)
     * @param top1AgreementWithReward  share of validation cases whose top-1 is the reward model's top-1
     * @param hitRatioAt1              the judge model's own HitRatio@1 on the validation cases
     * @param rewardHitRatioAt1        the reward model's, on the same cases
     * @param rightWhereRewardWrong    share of the cases the reward model misses whose true item is the judge's top-1
     */
    public record JudgeCalibration(String name, String sha256, double likeThreshold, double likeThresholdValidF1,
            int likeThresholdJudgements, String ratio, double top1AgreementWithReward, double hitRatioAt1,
            double rewardHitRatioAt1, double rightWhereRewardWrong) {
    }

    /** The calibrated user's acceptance table. */
    public RankCalibration rankCalibration() {
        return new RankCalibration(dataset, rewardModel.name(), trueItemByRewardRank, estimatedOn.cases());
    }
}

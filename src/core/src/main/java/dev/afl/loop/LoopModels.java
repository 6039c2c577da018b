package dev.afl.loop;

import dev.afl.InvalidRequestException;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;

/**
 * The models a loop uses for a dataset, asked for only when a step needs them: a function that only
 * recommends never loads the reward model.
 */
public interface LoopModels {

    RecommendationModel recommendation(String dataset);

    RewardModel reward(String dataset);

    /** The names sessions record ("lastfm/gru4rec"), known without loading the models. */
    String recommendationName(String dataset);

    String rewardName(String dataset);

    /** Whether both models of the dataset can score the item (requests are checked with it). */
    boolean knows(String dataset, String itemId);

    /** A fixed pair of loaded models for one dataset (the CLI, evaluations, tests). */
    static LoopModels of(String dataset, RecommendationModel recommendation, RewardModel reward) {
        return new LoopModels() {
            @Override
            public RecommendationModel recommendation(String asked) {
                check(asked);
                return recommendation;
            }

            @Override
            public RewardModel reward(String asked) {
                check(asked);
                return reward;
            }

            @Override
            public String recommendationName(String asked) {
                check(asked);
                return recommendation.name();
            }

            @Override
            public String rewardName(String asked) {
                check(asked);
                return reward.name();
            }

            @Override
            public boolean knows(String asked, String itemId) {
                check(asked);
                return recommendation.knows(itemId) && reward.knows(itemId);
            }

            private void check(String asked) {
                if (!dataset.equals(asked)) {
                    throw new InvalidRequestException("dataset", "This loop serves dataset '" + dataset
                            + "', not '" + asked + "'.");
                }
            }
        };
    }
}

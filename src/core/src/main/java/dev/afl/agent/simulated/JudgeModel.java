package dev.afl.agent.simulated;

import dev.afl.model.RewardModel;

/**
 * The model the independent-information user judges with, for one dataset, and the score at or above which it likes
 * an item in the user-simulation task (chosen on the validation split, as the reward model's is).
 *
 * @param name the model's recorded name ({@code lastfm/morec})
 */
public record JudgeModel(String name, RewardModel model, double likeThreshold) {
}

package dev.afl.evaluation.mechanism;

import dev.afl.evaluation.Estimate;
import java.util.Map;

/**
 * One recommendation model's baselines in the mechanism study: the model alone and the three baselines of the two
 * models on the test rows, their validation HitRatio@1, and the best on validation, which every AFL row of the model
 * is compared with.
 *
 * @param test       HitRatio@1 on the test rows by method id (base, reward-model, rank-fusion, model-top5-by-reward)
 * @param testHits   the hits behind each
 * @param validation each baseline's HitRatio@1 on the validation cases
 */
public record MechanismBaselines(String recommendationModel, Map<String, Estimate> test, Map<String, Integer> testHits,
        Map<String, Estimate> validation, int validationCases, String best) {
}

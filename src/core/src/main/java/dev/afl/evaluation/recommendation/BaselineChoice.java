package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.Estimate;
import java.util.Map;

/**
 * Which baseline one AFL row is compared with, and why. The best baseline is chosen on the validation split (the
 * same candidate protocol), before any test outcome is seen, so the test comparison is not tilted towards whichever
 * baseline happened to do best on the test rows. The baseline best on the test rows is kept beside it as the
 * optimistic comparator: chosen on the same cases it is compared on, it overstates the baselines (and so understates
 * AFL's gain) by the luck of the choice.
 *
 * @param aflId              the AFL configuration compared
 * @param validationHitRatio each baseline's HitRatio@1 on the validation cases, by method id
 * @param chosen             the baseline with the highest validation HitRatio@1 (ties to the simpler one), its id
 * @param chosenId           its test configuration
 * @param testBest           the baseline with the highest test HitRatio@1
 * @param aflMinusTestBest   AFL minus that one on the test cases, with a CI over rows (descriptive, not tested)
 */
public record BaselineChoice(String recommendationModel, String aflId, Map<String, Estimate> validationHitRatio,
        int validationCases, int validationRows, String chosen, String chosenId, String testBest,
        String testBestId, Estimate aflMinusTestBest) {
}

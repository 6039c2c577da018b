package dev.afl.evaluation;

import java.util.List;

/**
 * HitRatio@1 of one recommendation model on one dataset's evaluation rows, over several candidate seeds.
 *
 * @param n              evaluation rows (after the protocol's history filter)
 * @param hitRatioAt1    mean over seeds, with a bootstrap 95% CI over rows (each row's mean over seeds)
 * @param perSeed        HitRatio@1 of each seed, in seed order
 * @param validRatio     share of answers that are the model's own (1 for a scoring model; an LLM-backed model's
 *                       fallbacks after unusable answers count against it)
 */
public record BaseModelResult(String dataset, String model, String source, String split, int n, List<Long> seeds,
        Estimate hitRatioAt1, List<Double> perSeed, double validRatio, String modelSha256) {
}

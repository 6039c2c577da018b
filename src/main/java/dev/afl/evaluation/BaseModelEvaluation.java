package dev.afl.evaluation;

import dev.afl.data.Dataset;
import dev.afl.data.Split;
import dev.afl.model.RecommendationModel;
import dev.afl.model.ScoringRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates recommendation models alone (the paper's "Base Model" row): each model picks its top-scored
 * candidate; all models of a dataset see identical candidate lists for each seed.
 */
public final class BaseModelEvaluation {

    private static final int BATCH = 256;

    private final EvaluationProtocol protocol;
    private final List<Long> seeds;

    public BaseModelEvaluation(EvaluationProtocol protocol, List<Long> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate seed is needed");
        }
        this.protocol = protocol;
        this.seeds = List.copyOf(seeds);
    }

    public BaseModelResult evaluate(Dataset dataset, Split split, RecommendationModel model, String source,
            String modelSha256) {
        double[] rowHits = null;
        List<Double> perSeed = new ArrayList<>(seeds.size());
        for (long seed : seeds) {
            List<EvaluationCase> cases = protocol.cases(dataset, split, seed);
            if (rowHits == null) {
                rowHits = new double[cases.size()];
            }
            double[] hits = hits(cases, model);
            double sum = 0;
            for (int i = 0; i < hits.length; i++) {
                rowHits[i] += hits[i] / seeds.size();
                sum += hits[i];
            }
            perSeed.add(sum / hits.length);
        }
        if (rowHits == null || rowHits.length == 0) {
            throw new dev.afl.AflException("Dataset " + dataset.name() + " has no " + split.fileStem()
                    + " rows with at least " + protocol.minHistory() + " history items to evaluate.");
        }
        return new BaseModelResult(dataset.name(), model.name(), source, split.fileStem(), rowHits.length, seeds,
                BootstrapInterval.of(rowHits), perSeed, 1.0, modelSha256);
    }

    private static double[] hits(List<EvaluationCase> cases, RecommendationModel model) {
        double[] hits = new double[cases.size()];
        for (int start = 0; start < cases.size(); start += BATCH) {
            List<EvaluationCase> batch = cases.subList(start, Math.min(cases.size(), start + BATCH));
            List<float[]> scores = model.scoreBatch(batch.stream()
                    .map(c -> new ScoringRequest(c.history(), c.candidates())).toList());
            for (int i = 0; i < batch.size(); i++) {
                EvaluationCase evaluationCase = batch.get(i);
                String answer = evaluationCase.candidates().get(HitRatio.argMax(scores.get(i)));
                hits[start + i] = HitRatio.atOne(answer, evaluationCase.target());
            }
        }
        return hits;
    }
}

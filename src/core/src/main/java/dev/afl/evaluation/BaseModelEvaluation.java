package dev.afl.evaluation;

import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.Split;
import dev.afl.model.RecommendationModel;
import dev.afl.model.ModelAnswer;
import dev.afl.model.TitledRequest;
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
        int answers = 0;
        int ownAnswers = 0;
        for (long seed : seeds) {
            List<EvaluationCase> cases = protocol.cases(dataset, split, seed);
            if (rowHits == null) {
                rowHits = new double[cases.size()];
            }
            List<ModelAnswer> answered = answers(dataset, cases, model);
            double sum = 0;
            for (int i = 0; i < cases.size(); i++) {
                ModelAnswer answer = answered.get(i);
                double hit = HitRatio.atOne(top(cases.get(i), answer), cases.get(i).target());
                rowHits[i] += hit / seeds.size();
                sum += hit;
                answers++;
                ownAnswers += answer.ownAnswer() ? 1 : 0;
            }
            perSeed.add(sum / cases.size());
        }
        if (rowHits == null || rowHits.length == 0) {
            throw new dev.afl.AflException("Dataset " + dataset.name() + " has no " + split.fileStem()
                    + " rows with at least " + protocol.minHistory() + " history items to evaluate.");
        }
        return new BaseModelResult(dataset.name(), model.name(), source, split.fileStem(), rowHits.length, seeds,
                BootstrapInterval.of(rowHits), perSeed, ownAnswers / (double) answers, modelSha256);
    }

    /** The model's answer to each case alone: its top-scored candidate (ties to the earliest), in case order. */
    public static List<String> topCandidates(Dataset dataset, List<EvaluationCase> cases, RecommendationModel model) {
        List<ModelAnswer> answered = answers(dataset, cases, model);
        List<String> top = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            top.add(top(cases.get(i), answered.get(i)));
        }
        return top;
    }

    private static String top(EvaluationCase c, ModelAnswer answer) {
        return c.candidates().get(HitRatio.argMax(answer.scores()));
    }

    private static List<ModelAnswer> answers(Dataset dataset, List<EvaluationCase> cases, RecommendationModel model) {
        List<ModelAnswer> answers = new ArrayList<>(cases.size());
        for (int start = 0; start < cases.size(); start += BATCH) {
            answers.addAll(model.answerBatch(cases.subList(start, Math.min(cases.size(), start + BATCH)).stream()
                    .map(c -> new TitledRequest(items(dataset, c.history()), items(dataset, c.candidates())))
                    .toList()));
        }
        return answers;
    }

    private static List<Item> items(Dataset dataset, List<String> ids) {
        return ids.stream().map(dataset.catalog()::require).toList();
    }
}

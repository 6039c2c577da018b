package dev.afl.evaluation.usersim;

import dev.afl.evaluation.ClassificationMetrics;
import dev.afl.evaluation.UserSimulationProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The reward model as a like/dislike classifier needs a score threshold. It is chosen on validation cases, never
 * on the test users: the threshold that maximises micro F1 there (an item is "liked" when its score is at least
 * the threshold; ties between thresholds go to the lower one).
 */
public record LikeThreshold(double value, double validationF1, int validationJudgements) {

    /** The threshold maximising micro F1 over every judged item of {@code cases}, each case scored by {@code scorer}. */
    public static LikeThreshold maximisingF1(List<UserSimulationProtocol.Case> cases,
            Function<UserSimulationProtocol.Case, float[]> scorer) {
        List<Double> scores = new ArrayList<>();
        List<Boolean> liked = new ArrayList<>();
        for (UserSimulationProtocol.Case c : cases) {
            float[] s = scorer.apply(c);
            for (int i = 0; i < s.length; i++) {
                scores.add((double) s[i]);
                liked.add(c.liked().get(i));
            }
        }
        boolean[] labels = new boolean[liked.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = liked.get(i);
        }
        return maximisingF1(scores.stream().mapToDouble(Double::doubleValue).toArray(), labels);
    }

    public static LikeThreshold maximisingF1(double[] scores, boolean[] liked) {
        if (scores.length == 0 || scores.length != liked.length) {
            throw new IllegalArgumentException("need one label per score, at least one");
        }
        double[] sorted = java.util.Arrays.stream(scores).distinct().sorted().toArray();
        double best = sorted[0];
        double bestF1 = -1;
        boolean[] predicted = new boolean[scores.length];
        for (double candidate : sorted) {
            for (int i = 0; i < scores.length; i++) {
                predicted[i] = scores[i] >= candidate;
            }
            double f1 = ClassificationMetrics.micro(java.util.List.of(ClassificationMetrics.count(predicted, liked))).f1();
            if (f1 > bestF1) {
                bestF1 = f1;
                best = candidate;
            }
        }
        return new LikeThreshold(best, bestF1, scores.length);
    }
}

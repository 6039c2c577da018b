package dev.afl.evaluation;

import java.util.List;

/**
 * Precision, recall and F1 of like/dislike judgements (the user-simulation task): "like" is the positive
 * class. Micro averages pool the counts of all users; macro averages the per-user figures, over the users for
 * whom the figure is defined (a user with no predicted positives has no precision).
 */
public record ClassificationMetrics(double precision, double recall, double f1) {

    /** The counts of one user's judgements. */
    public record Counts(int truePositives, int falsePositives, int falseNegatives) {

        public Counts plus(Counts other) {
            return new Counts(truePositives + other.truePositives, falsePositives + other.falsePositives,
                    falseNegatives + other.falseNegatives);
        }
    }

    /** Counts from parallel lists of predictions and truths. */
    public static Counts count(boolean[] predictedLike, boolean[] actuallyLiked) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < predictedLike.length; i++) {
            if (predictedLike[i] && actuallyLiked[i]) {
                tp++;
            } else if (predictedLike[i]) {
                fp++;
            } else if (actuallyLiked[i]) {
                fn++;
            }
        }
        return new Counts(tp, fp, fn);
    }

    /** Pooled over users; an undefined ratio (0/0) is reported as 0. */
    public static ClassificationMetrics micro(List<Counts> users) {
        Counts total = users.stream().reduce(new Counts(0, 0, 0), Counts::plus);
        return of(total);
    }

    /** Mean of the per-user figures where each is defined (NaN when it is defined for no user). */
    public static ClassificationMetrics macro(List<Counts> users) {
        double precision = users.stream().filter(c -> c.truePositives() + c.falsePositives() > 0)
                .mapToDouble(c -> ratio(c.truePositives(), c.truePositives() + c.falsePositives())).average()
                .orElse(Double.NaN);
        double recall = users.stream().filter(c -> c.truePositives() + c.falseNegatives() > 0)
                .mapToDouble(c -> ratio(c.truePositives(), c.truePositives() + c.falseNegatives())).average()
                .orElse(Double.NaN);
        double f1 = users.stream().filter(c -> 2 * c.truePositives() + c.falsePositives() + c.falseNegatives() > 0)
                .mapToDouble(c -> of(c).f1()).average().orElse(Double.NaN);
        return new ClassificationMetrics(precision, recall, f1);
    }

    private static ClassificationMetrics of(Counts c) {
        double precision = ratio(c.truePositives(), c.truePositives() + c.falsePositives());
        double recall = ratio(c.truePositives(), c.truePositives() + c.falseNegatives());
        double f1 = ratio(2.0 * c.truePositives(), 2.0 * c.truePositives() + c.falsePositives() + c.falseNegatives());
        return new ClassificationMetrics(precision, recall, f1);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }
}

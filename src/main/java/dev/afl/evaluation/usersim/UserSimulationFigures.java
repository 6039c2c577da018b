package dev.afl.evaluation.usersim;

import dev.afl.evaluation.BootstrapInterval;
import dev.afl.evaluation.ClassificationMetrics;
import dev.afl.evaluation.ClassificationMetrics.Counts;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Aggregates user-simulation outcomes into precision, recall and F1, and compares two methods on the same
 * judgements. Users are the bootstrap's units: a user's judgements (over all candidate seeds) move together.
 */
public final class UserSimulationFigures {

    private UserSimulationFigures() {
    }

    public static UserSimulationResult of(String dataset, String construction, String ratio, SimulationMethod method,
            String agents, double threshold, List<RatingOutcome> outcomes, CostLedger.Prices prices) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("no user-simulation cases for " + method.id() + " at " + ratio);
        }
        List<Counts> perUser = countsByUser(outcomes);
        int judgements = outcomes.stream().mapToInt(o -> o.liked().size()).sum();
        long likes = outcomes.stream().flatMap(o -> o.predictedLike().stream()).filter(b -> b).count();
        Usage usage = outcomes.stream().map(RatingOutcome::usage).reduce(Usage.NONE, Usage::plus);
        return new UserSimulationResult(dataset, construction, ratio, method.id(), agents, perUser.size(), judgements,
                threshold, micro(perUser, ClassificationMetrics::precision), micro(perUser, ClassificationMetrics::recall),
                micro(perUser, ClassificationMetrics::f1), ClassificationMetrics.macro(perUser),
                likes / (double) judgements, CostLedger.of(outcomes.size(), usage, prices));
    }

    /** {@code first} against {@code second}: micro-F1 difference over resampled users, McNemar on correctness. */
    public static UserSimulationComparison compare(String ratio, String firstId, List<RatingOutcome> first,
            String secondId, List<RatingOutcome> second) {
        Map<String, RatingOutcome> byCase = new HashMap<>();
        for (RatingOutcome o : second) {
            byCase.put(o.user() + "/" + o.seed(), o);
        }
        List<RatingOutcome> a = new ArrayList<>();
        List<RatingOutcome> b = new ArrayList<>();
        for (RatingOutcome o : first) {
            RatingOutcome other = byCase.get(o.user() + "/" + o.seed());
            if (other != null) {
                a.add(o);
                b.add(other);
            }
        }
        if (a.isEmpty()) {
            throw new IllegalArgumentException(firstId + " and " + secondId + " share no cases to compare");
        }
        List<Counts> countsA = countsByUser(a);
        List<Counts> countsB = countsByUser(b);
        Estimate difference = BootstrapInterval.ofStatistic(countsA.size(), sample ->
                microOf(countsA, sample).f1() - microOf(countsB, sample).f1());
        List<Boolean> rightA = new ArrayList<>();
        List<Boolean> rightB = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).liked().size(); j++) {
                rightA.add(a.get(i).predictedLike().get(j).equals(a.get(i).liked().get(j)));
                rightB.add(b.get(i).predictedLike().get(j).equals(b.get(i).liked().get(j)));
            }
        }
        boolean[] x = new boolean[rightA.size()];
        boolean[] y = new boolean[rightB.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rightA.get(i);
            y[i] = rightB.get(i);
        }
        return new UserSimulationComparison(ratio, firstId, secondId, x.length, difference,
                PairedComparison.mcNemar(x, y));
    }

    /** The counts of each user, summed over the user's cases (candidate seeds), in first-seen order. */
    static List<Counts> countsByUser(List<RatingOutcome> outcomes) {
        Map<String, Counts> byUser = new LinkedHashMap<>();
        for (RatingOutcome o : outcomes) {
            boolean[] predicted = new boolean[o.liked().size()];
            boolean[] actual = new boolean[o.liked().size()];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = o.predictedLike().get(i);
                actual[i] = o.liked().get(i);
            }
            byUser.merge(o.user(), ClassificationMetrics.count(predicted, actual), Counts::plus);
        }
        return new ArrayList<>(byUser.values());
    }

    private static Estimate micro(List<Counts> perUser, ToDoubleFunction<ClassificationMetrics> figure) {
        return BootstrapInterval.ofStatistic(perUser.size(), sample -> figure.applyAsDouble(microOf(perUser, sample)));
    }

    private static ClassificationMetrics microOf(List<Counts> perUser, int[] sample) {
        List<Counts> drawn = new ArrayList<>(sample.length);
        for (int i : sample) {
            drawn.add(perUser.get(i));
        }
        return ClassificationMetrics.micro(drawn);
    }
}

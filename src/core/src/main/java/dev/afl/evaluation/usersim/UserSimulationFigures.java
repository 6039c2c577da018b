package dev.afl.evaluation.usersim;

import dev.afl.evaluation.BootstrapInterval;
import dev.afl.evaluation.ClassificationMetrics;
import dev.afl.evaluation.ClassificationMetrics.Counts;
import dev.afl.evaluation.ComparisonFamily;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PlannedComparison;
import dev.afl.evaluation.PlannedComparison.Expectation;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.stats.ClusteredPairs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Aggregates user-simulation outcomes into precision, recall and F1, and compares two methods on the same
 * judgements. Users are the units of independence, for the bootstrap and the paired tests alike: a user's
 * judgements (over all candidate seeds) move together.
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
        Usage usage = outcomes.stream().map(RatingOutcome::usage).reduce(Usage.NONE, Usage::plus);
        List<String> users = new ArrayList<>();
        List<Double> likes = new ArrayList<>();
        for (RatingOutcome o : outcomes) {
            for (boolean like : o.predictedLike()) {
                users.add(o.user());
                likes.add(like ? 1.0 : 0.0);
            }
        }
        double[] ones = new double[likes.size()];
        java.util.Arrays.fill(ones, 1);
        Estimate likedShare = BootstrapInterval.ofUnitRatio(users, likes.stream().mapToDouble(Double::doubleValue)
                .toArray(), ones);
        int rounds = outcomes.stream().mapToInt(o -> o.predictedLikeByRound().size()).max().orElse(0);
        List<Estimate> f1ByRound = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            int round = r;
            List<Counts> afterRound = countsByUser(outcomes.stream().map(o -> new RatingOutcome(o.user(), o.seed(),
                    o.predictedLikeByRound().get(Math.min(round, o.predictedLikeByRound().size() - 1)), o.liked(),
                    o.usage())).toList());
            f1ByRound.add(micro(afterRound, ClassificationMetrics::f1));
        }
        return new UserSimulationResult(dataset, construction, ratio, method.id(), agents, perUser.size(), judgements,
                threshold, micro(perUser, ClassificationMetrics::precision), micro(perUser, ClassificationMetrics::recall),
                micro(perUser, ClassificationMetrics::f1), macro(perUser), likedShare,
                CostLedger.of(outcomes.size(), usage, prices), f1ByRound);
    }

    /** The macro figures, each with a CI resampling users. */
    private static UserSimulationResult.MacroFigures macro(List<Counts> perUser) {
        return new UserSimulationResult.MacroFigures(
                BootstrapInterval.ofStatistic(perUser.size(), sample -> ClassificationMetrics.macro(drawn(perUser, sample))
                        .precision()),
                BootstrapInterval.ofStatistic(perUser.size(), sample -> ClassificationMetrics.macro(drawn(perUser, sample))
                        .recall()),
                BootstrapInterval.ofStatistic(perUser.size(), sample -> ClassificationMetrics.macro(drawn(perUser, sample))
                        .f1()));
    }

    private static List<Counts> drawn(List<Counts> perUser, int[] sample) {
        List<Counts> drawn = new ArrayList<>(sample.length);
        for (int i : sample) {
            drawn.add(perUser.get(i));
        }
        return drawn;
    }

    /**
     * One comparison of the user-simulation family: two methods' outcomes at a ratio and what their
     * configurations say about it beforehand.
     */
    public record PlannedPair(String ratio, String firstId, List<RatingOutcome> first, String secondId,
            List<RatingOutcome> second, Expectation expectation) {
    }

    /** {@code first} against {@code second} on the judgements both have, a family of one. */
    public static UserSimulationComparison compare(String ratio, String firstId, List<RatingOutcome> first,
            String secondId, List<RatingOutcome> second) {
        return compareAll(List.of(new PlannedPair(ratio, firstId, first, secondId, second,
                new PlannedComparison.Unknown()))).getFirst();
    }

    /**
     * The comparisons of one report as one family: the micro-F1 difference with a CI resampling users, and the
     * paired tests of per-judgement correctness clustered by user (a user's judgements over candidate seeds share
     * the person), Holm-adjusted together, the ones identical by construction or without a discordant judgement
     * listed but not tested.
     */
    public static List<UserSimulationComparison> compareAll(List<PlannedPair> planned) {
        List<Estimate> differences = new ArrayList<>();
        List<PlannedComparison> family = new ArrayList<>();
        for (PlannedPair pair : planned) {
            Map<String, RatingOutcome> byCase = new HashMap<>();
            for (RatingOutcome o : pair.second()) {
                byCase.put(o.user() + "/" + o.seed(), o);
            }
            List<RatingOutcome> a = new ArrayList<>();
            List<RatingOutcome> b = new ArrayList<>();
            for (RatingOutcome o : pair.first()) {
                RatingOutcome other = byCase.get(o.user() + "/" + o.seed());
                if (other != null) {
                    a.add(o);
                    b.add(other);
                }
            }
            if (a.isEmpty()) {
                throw new IllegalArgumentException(pair.firstId() + " and " + pair.secondId()
                        + " share no cases to compare");
            }
            List<Counts> countsA = countsByUser(a);
            List<Counts> countsB = countsByUser(b);
            differences.add(BootstrapInterval.ofStatistic(countsA.size(), sample ->
                    microOf(countsA, sample).f1() - microOf(countsB, sample).f1()));
            List<String> users = new ArrayList<>();
            List<Boolean> rightA = new ArrayList<>();
            List<Boolean> rightB = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < a.get(i).liked().size(); j++) {
                    users.add(a.get(i).user());
                    rightA.add(a.get(i).predictedLike().get(j).equals(a.get(i).liked().get(j)));
                    rightB.add(b.get(i).predictedLike().get(j).equals(b.get(i).liked().get(j)));
                }
            }
            family.add(new PlannedComparison(pair.ratio() + " " + pair.firstId() + " vs " + pair.secondId(),
                    ClusteredPairs.of(users, toArray(rightA), toArray(rightB)), pair.expectation()));
        }
        List<PairedComparison> tests = ComparisonFamily.evaluate(family);
        List<UserSimulationComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            PlannedPair pair = planned.get(i);
            comparisons.add(new UserSimulationComparison(pair.ratio(), pair.firstId(), pair.secondId(),
                    tests.get(i).cases(), differences.get(i), tests.get(i)));
        }
        return comparisons;
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
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
        return ClassificationMetrics.micro(drawn(perUser, sample));
    }
}

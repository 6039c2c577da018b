package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.BootstrapInterval;
import dev.afl.evaluation.ComparisonFamily;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PlannedComparison;
import dev.afl.evaluation.PlannedComparison.Expectation;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.recommendation.CaseOutcome.JudgementRecord;
import dev.afl.evaluation.stats.ClusteredPairs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns one configuration's case outcomes into its figures, and two configurations' outcomes on the same cases
 * into a paired comparison. The one place recommendation metrics are aggregated: the CLI, the fan-out
 * aggregation and the tests all come through here.
 */
public final class RecommendationFigures {

    /** What identifies a configuration in the results. */
    public record Configuration(String dataset, String recommendationModel, RecommendationMethod method,
            String position, String agents, int maxRounds) {

        public String id() {
            return dataset + "/" + recommendationModel + "/" + method.id() + "/" + position;
        }

        /** How a reader sees it: model, method and target position, as the report's tables name it. */
        public String label() {
            return recommendationModel + " · " + method.label() + " (" + position + ")";
        }
    }

    private RecommendationFigures() {
    }

    /**
     * @param highRankLimit a judged item ranking within this many of the reward model's best counts as "high"
     *                      for the audit (the offline verdict's accept threshold)
     * @param buckets       popularity groups, or null to skip the popularity analysis
     */
    public static ConfigurationResult of(Configuration configuration, List<CaseOutcome> outcomes, int highRankLimit,
            PopularityBuckets buckets, CostLedger.Prices prices) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("configuration " + configuration.id() + " has no cases");
        }
        List<Integer> rows = outcomes.stream().map(CaseOutcome::row).toList();
        int rounds = configuration.method().usesLoop() ? configuration.maxRounds() : 1;
        List<Estimate> byRound = new ArrayList<>();
        List<Integer> hitsByRound = new ArrayList<>();
        List<Map<String, Estimate>> popularity = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int round = r;
            byRound.add(BootstrapInterval.ofUnitMeans(rows, values(outcomes, o -> o.hitAfter(round))));
            hitsByRound.add((int) outcomes.stream().filter(o -> o.hitAfter(round)).count());
            if (buckets != null) {
                popularity.add(buckets.estimates(rows, outcomes.stream()
                        .map(o -> o.itemAfterRound().get(Math.min(round, o.itemAfterRound().size()) - 1)).toList()));
            }
        }
        Estimate meanRounds = configuration.method().usesLoop()
                ? BootstrapInterval.ofUnitMeans(rows, outcomes.stream().mapToDouble(o -> o.judgements().size()).toArray())
                : new Estimate(1, 1, 1);
        Usage usage = outcomes.stream().map(CaseOutcome::usage).reduce(Usage.NONE, Usage::plus);
        return new ConfigurationResult(configuration.id(), configuration.dataset(), configuration.recommendationModel(),
                configuration.method().id(), configuration.method().label(), configuration.position(),
                configuration.agents(), rounds, outcomes.size(), (int) rows.stream().distinct().count(),
                BootstrapInterval.ofUnitMeans(rows, values(outcomes, CaseOutcome::hit)),
                (int) outcomes.stream().filter(CaseOutcome::hit).count(),
                BootstrapInterval.ofUnitMeans(rows, values(outcomes, CaseOutcome::valid)), byRound, hitsByRound,
                popularity,
                meanRounds, audit(outcomes, highRankLimit), CostLedger.of(outcomes.size(), usage, prices));
    }

    /**
     * One comparison a report makes: two configurations' outcomes and what their configurations say about it
     * beforehand.
     *
     * @param label how the comparison is named where another one refers to it
     */
    public record PlannedPair(String firstId, List<CaseOutcome> first, String secondId, List<CaseOutcome> second,
            String label, Expectation expectation) {
    }

    /**
     * First minus second HitRatio@1 on the cases both have (matched by row and seed): the mean over rows of each row's
     * difference, with a bootstrap CI resampling rows. Descriptive: no test.
     */
    public static Estimate difference(List<CaseOutcome> first, List<CaseOutcome> second) {
        Map<String, CaseOutcome> byCase = new HashMap<>();
        second.forEach(o -> byCase.put(o.row() + "/" + o.seed(), o));
        List<Integer> rows = new ArrayList<>();
        List<Double> differences = new ArrayList<>();
        for (CaseOutcome o : first) {
            CaseOutcome other = byCase.get(o.row() + "/" + o.seed());
            if (other != null) {
                rows.add(o.row());
                differences.add((o.hit() ? 1.0 : 0.0) - (other.hit() ? 1.0 : 0.0));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the two configurations share no cases");
        }
        return BootstrapInterval.ofUnitMeans(rows, differences.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** {@code first} against {@code second} on the cases both have (matched by row and seed), a family of one. */
    public static Comparison compare(String firstId, List<CaseOutcome> first, String secondId,
            List<CaseOutcome> second) {
        return compareAll(List.of(new PlannedPair(firstId, first, secondId, second, firstId + " vs " + secondId,
                new PlannedComparison.Unknown()))).getFirst();
    }

    /**
     * The comparisons of one report, tested as one family: each on the cases both configurations have, clustered
     * by row, with the family's Holm adjustment and its untested comparisons named (see {@link ComparisonFamily}).
     */
    public static List<Comparison> compareAll(List<PlannedPair> planned) {
        List<Estimate> differences = new ArrayList<>();
        List<PlannedComparison> family = new ArrayList<>();
        for (PlannedPair pair : planned) {
            Map<String, CaseOutcome> byCase = new HashMap<>();
            for (CaseOutcome o : pair.second()) {
                byCase.put(o.row() + "/" + o.seed(), o);
            }
            List<Integer> rows = new ArrayList<>();
            List<Boolean> a = new ArrayList<>();
            List<Boolean> b = new ArrayList<>();
            for (CaseOutcome o : pair.first()) {
                CaseOutcome other = byCase.get(o.row() + "/" + o.seed());
                if (other != null) {
                    rows.add(o.row());
                    a.add(o.hit());
                    b.add(other.hit());
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(pair.firstId() + " and " + pair.secondId()
                        + " share no cases to compare");
            }
            double[] difference = new double[rows.size()];
            boolean[] firstHits = new boolean[rows.size()];
            boolean[] secondHits = new boolean[rows.size()];
            for (int i = 0; i < difference.length; i++) {
                firstHits[i] = a.get(i);
                secondHits[i] = b.get(i);
                difference[i] = (firstHits[i] ? 1 : 0) - (secondHits[i] ? 1 : 0);
            }
            differences.add(BootstrapInterval.ofUnitMeans(rows, difference));
            family.add(new PlannedComparison(pair.label(), ClusteredPairs.of(rows, firstHits, secondHits),
                    pair.expectation()));
        }
        List<PairedComparison> tests = ComparisonFamily.evaluate(family);
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            comparisons.add(new Comparison(planned.get(i).firstId(), planned.get(i).secondId(), tests.get(i).cases(),
                    differences.get(i), tests.get(i)));
        }
        return comparisons;
    }

    /**
     * Per round: does the user agent's decision agree with the reward model's ranking? Each share is a ratio over
     * the round's judgements with a CI resampling rows.
     */
    static List<ConfigurationResult.RoundAudit> audit(List<CaseOutcome> outcomes, int highRankLimit) {
        Map<Integer, List<JudgementRecord>> byRound = new java.util.TreeMap<>();
        Map<Integer, List<Integer>> rowsByRound = new java.util.TreeMap<>();
        for (CaseOutcome o : outcomes) {
            for (JudgementRecord j : o.judgements()) {
                byRound.computeIfAbsent(j.round(), r -> new ArrayList<>()).add(j);
                rowsByRound.computeIfAbsent(j.round(), r -> new ArrayList<>()).add(o.row());
            }
        }
        List<ConfigurationResult.RoundAudit> audit = new ArrayList<>();
        byRound.forEach((round, judgements) -> {
            List<Integer> rows = rowsByRound.get(round);
            int n = judgements.size();
            double[] one = new double[n];
            double[] accepted = new double[n];
            double[] agree = new double[n];
            double[] high = new double[n];
            double[] low = new double[n];
            double[] acceptedLow = new double[n];
            double[] rejectedHigh = new double[n];
            int fallbacks = 0;
            for (int i = 0; i < n; i++) {
                JudgementRecord j = judgements.get(i);
                boolean isHigh = j.rewardRank() <= highRankLimit;
                boolean isLow = j.rewardRank() > j.candidates() / 2;
                one[i] = 1;
                accepted[i] = j.accepted() ? 1 : 0;
                agree[i] = j.accepted() == isHigh ? 1 : 0;
                high[i] = isHigh ? 1 : 0;
                low[i] = isLow ? 1 : 0;
                acceptedLow[i] = j.accepted() && isLow ? 1 : 0;
                rejectedHigh[i] = !j.accepted() && isHigh ? 1 : 0;
                fallbacks += j.fallback() ? 1 : 0;
            }
            audit.add(new ConfigurationResult.RoundAudit(round, n, (int) rows.stream().distinct().count(),
                    highRankLimit, BootstrapInterval.ofUnitRatio(rows, accepted, one),
                    BootstrapInterval.ofUnitRatio(rows, agree, one), (int) sum(acceptedLow), (int) sum(rejectedHigh),
                    (int) sum(low), (int) sum(high), BootstrapInterval.ofUnitRatio(rows, acceptedLow, low),
                    BootstrapInterval.ofUnitRatio(rows, rejectedHigh, high), fallbacks));
        });
        return audit;
    }

    private static double sum(double[] values) {
        return java.util.Arrays.stream(values).sum();
    }

    private static double[] values(List<CaseOutcome> outcomes, Predicate<CaseOutcome> test) {
        return outcomes.stream().mapToDouble(o -> test.test(o) ? 1 : 0).toArray();
    }
}

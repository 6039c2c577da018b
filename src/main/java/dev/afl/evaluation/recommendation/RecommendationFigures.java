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
        List<Map<String, Double>> popularity = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int round = r;
            byRound.add(BootstrapInterval.ofUnitMeans(rows, values(outcomes, o -> o.hitAfter(round))));
            hitsByRound.add((int) outcomes.stream().filter(o -> o.hitAfter(round)).count());
            if (buckets != null) {
                popularity.add(buckets.shares(outcomes.stream()
                        .map(o -> o.itemAfterRound().get(Math.min(round, o.itemAfterRound().size()) - 1)).toList()));
            }
        }
        double meanRounds = configuration.method().usesLoop()
                ? outcomes.stream().mapToInt(o -> o.judgements().size()).average().orElse(0) : 1;
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

    /** Per round: does the user agent's decision agree with the reward model's ranking? */
    static List<ConfigurationResult.RoundAudit> audit(List<CaseOutcome> outcomes, int highRankLimit) {
        Map<Integer, List<JudgementRecord>> byRound = new java.util.TreeMap<>();
        for (CaseOutcome o : outcomes) {
            for (JudgementRecord j : o.judgements()) {
                byRound.computeIfAbsent(j.round(), r -> new ArrayList<>()).add(j);
            }
        }
        List<ConfigurationResult.RoundAudit> audit = new ArrayList<>();
        byRound.forEach((round, judgements) -> {
            int n = judgements.size();
            int accepted = 0;
            int agree = 0;
            int acceptedLow = 0;
            int rejectedHigh = 0;
            int low = 0;
            int high = 0;
            int fallbacks = 0;
            for (JudgementRecord j : judgements) {
                boolean isHigh = j.rewardRank() <= highRankLimit;
                boolean isLow = j.rewardRank() > j.candidates() / 2;
                accepted += j.accepted() ? 1 : 0;
                agree += j.accepted() == isHigh ? 1 : 0;
                high += isHigh ? 1 : 0;
                low += isLow ? 1 : 0;
                acceptedLow += j.accepted() && isLow ? 1 : 0;
                rejectedHigh += !j.accepted() && isHigh ? 1 : 0;
                fallbacks += j.fallback() ? 1 : 0;
            }
            audit.add(new ConfigurationResult.RoundAudit(round, n, highRankLimit, accepted / (double) n,
                    agree / (double) n, acceptedLow, rejectedHigh, low, high, fallbacks));
        });
        return audit;
    }

    private static double[] values(List<CaseOutcome> outcomes, Predicate<CaseOutcome> test) {
        return outcomes.stream().mapToDouble(o -> test.test(o) ? 1 : 0).toArray();
    }
}

package dev.afl.evaluation.recommendation;

import dev.afl.evaluation.BootstrapInterval;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns k runs of one configuration on the same cases into its reliability figures: each repeat's HitRatio@1 (from
 * {@link RecommendationFigures#of}, the one place it is computed), their mean and run-to-run spread, pass^k and the
 * share of answers that change. The unit of independence is the test row, as everywhere in the report: a row's cases
 * in every repeat move together in the bootstrap.
 */
public final class RepeatFigures {

    private RepeatFigures() {
    }

    /**
     * @param seeds the sampling seed of each run, in run order
     * @param runs  each run's outcomes of the same cases (in any order), one list per seed
     */
    public static RepeatResult of(Configuration configuration, List<Integer> seeds, List<List<CaseOutcome>> runs,
            int highRankLimit, CostLedger.Prices prices) {
        int k = runs.size();
        if (k < 2 || seeds.size() != k) {
            throw new IllegalArgumentException("configuration " + configuration.id() + ": need at least 2 runs and one"
                    + " seed per run, got " + k + " runs and " + seeds.size() + " seeds");
        }
        List<CaseOutcome> first = runs.getFirst();
        List<List<CaseOutcome>> aligned = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            aligned.add(alignedTo(first, runs.get(r), configuration, r + 1));
        }
        List<Integer> rows = first.stream().map(CaseOutcome::row).toList();
        int n = first.size();
        double[] passValues = new double[n];
        double[] changedValues = new double[n];
        int passed = 0;
        int changed = 0;
        for (int i = 0; i < n; i++) {
            boolean all = true;
            Set<String> answers = new HashSet<>();
            for (List<CaseOutcome> run : aligned) {
                all &= run.get(i).hit();
                answers.add(run.get(i).finalItem());
            }
            passValues[i] = all ? 1 : 0;
            changedValues[i] = answers.size() > 1 ? 1 : 0;
            passed += all ? 1 : 0;
            changed += answers.size() > 1 ? 1 : 0;
        }
        List<Estimate> hitRatios = new ArrayList<>();
        List<Integer> hits = new ArrayList<>();
        List<CostLedger> ledgers = new ArrayList<>();
        List<Integer> everyRow = new ArrayList<>();
        double[] everyHit = new double[n * k];
        double[][] rowHits = new double[k][];
        for (int r = 0; r < k; r++) {
            List<CaseOutcome> run = aligned.get(r);
            ConfigurationResult figures = RecommendationFigures.of(configuration, run, highRankLimit, null, prices);
            hitRatios.add(figures.hitRatio());
            hits.add(figures.hits());
            ledgers.add(figures.ledger());
            double[] hit = run.stream().mapToDouble(o -> o.hit() ? 1 : 0).toArray();
            rowHits[r] = BootstrapInterval.unitMeans(rows, hit);
            everyRow.addAll(rows);
            System.arraycopy(hit, 0, everyHit, r * n, n);
        }
        Estimate spread = BootstrapInterval.ofStatistic(rowHits[0].length, sample -> {
            double[] perRun = new double[k];
            for (int r = 0; r < k; r++) {
                double sum = 0;
                for (int unit : sample) {
                    sum += rowHits[r][unit];
                }
                perRun[r] = sum / sample.length;
            }
            return standardDeviation(perRun);
        });
        return new RepeatResult(configuration.id(), configuration.recommendationModel(), configuration.method().id(),
                configuration.method().label(), configuration.position(), n, rowHits[0].length, seeds, hitRatios,
                hits, ledgers, BootstrapInterval.ofUnitMeans(everyRow, everyHit), spread,
                BootstrapInterval.ofUnitMeans(rows, passValues), passed, BootstrapInterval.ofUnitMeans(rows,
                        changedValues), changed);
    }

    /** The sample standard deviation (n - 1 in the denominator): the repeats are a sample of the runs one could make. */
    static double standardDeviation(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** {@code run}'s outcomes in the order of {@code first}'s cases; refused when the two runs played other cases. */
    private static List<CaseOutcome> alignedTo(List<CaseOutcome> first, List<CaseOutcome> run,
            Configuration configuration, int repeat) {
        Map<String, CaseOutcome> byCase = new HashMap<>();
        run.forEach(o -> byCase.put(caseKey(o), o));
        Map<String, CaseOutcome> ordered = new LinkedHashMap<>();
        for (CaseOutcome o : first) {
            CaseOutcome same = byCase.get(caseKey(o));
            if (same == null || run.size() != first.size()) {
                throw new IllegalStateException("Repeat " + repeat + " of " + configuration.id() + " played other"
                        + " cases than repeat 1 (" + run.size() + " against " + first.size() + "): the repeats must"
                        + " play the same cases; rerun with --fresh.");
            }
            ordered.put(caseKey(o), same);
        }
        return List.copyOf(ordered.values());
    }

    private static String caseKey(CaseOutcome o) {
        return o.row() + "/" + o.seed();
    }
}

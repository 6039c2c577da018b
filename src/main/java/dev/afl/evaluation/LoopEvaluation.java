package dev.afl.evaluation;

import dev.afl.data.Dataset;
import dev.afl.data.Split;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.RecommendationModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the feedback loop on every evaluation case and compares its final item with the recommendation model's
 * own top candidate (the base model) on the same candidates. Cases go through a {@link CaseRunner}, so a large
 * run is bounded in concurrency, shows its progress and resumes after a kill.
 */
public final class LoopEvaluation {

    /** What one (row, seed) case gave: hits of AFL and of the base model, and how the session went. */
    public record CaseOutcome(int row, long seed, boolean aflHit, boolean baseHit, List<Boolean> hitAfterRound,
            int rounds, boolean accepted, double fallbackShare) {
    }

    /** One case to run: the protocol case and its identity in the results file. */
    public record LoopCase(EvaluationCase evaluationCase, String id) {
    }

    private final EvaluationProtocol protocol;
    private final List<Long> seeds;

    public LoopEvaluation(EvaluationProtocol protocol, List<Long> seeds) {
        this.protocol = protocol;
        this.seeds = List.copyOf(seeds);
    }

    /** Runs in-process, one case at a time, nothing kept on disk. */
    public LoopResult evaluate(Dataset dataset, Split split, FeedbackLoop loop, RecommendationModel recommendationModel,
            String rewardModel, String agents, int maxRounds) {
        return evaluate(dataset, split, loop, recommendationModel, rewardModel, agents, maxRounds,
                (cases, run) -> cases.stream().map(run).toList());
    }

    /**
     * Runs every case through {@code runner} (for example a {@link CaseRunner}'s {@code run}), then aggregates:
     * per-row means over seeds with bootstrap CIs, the row-paired difference, McNemar over all cases, and the
     * rounds curve.
     */
    public LoopResult evaluate(Dataset dataset, Split split, FeedbackLoop loop, RecommendationModel recommendationModel,
            String rewardModel, String agents, int maxRounds,
            java.util.function.BiFunction<List<LoopCase>, Function<LoopCase, CaseOutcome>, List<CaseOutcome>> runner) {
        List<LoopCase> cases = new ArrayList<>();
        for (long seed : seeds) {
            for (EvaluationCase c : protocol.cases(dataset, split, seed)) {
                cases.add(new LoopCase(c, dataset.name() + "-" + split.fileStem() + "-row" + c.row() + "-seed" + seed));
            }
        }
        if (cases.isEmpty()) {
            throw new dev.afl.AflException("Dataset " + dataset.name() + " has no " + split.fileStem()
                    + " rows to evaluate.");
        }
        List<CaseOutcome> outcomes = runner.apply(cases, loopCase -> play(dataset, loop, recommendationModel,
                maxRounds, loopCase));
        return aggregate(dataset.name(), recommendationModel.name(), rewardModel, agents, maxRounds, outcomes);
    }

    private static CaseOutcome play(Dataset dataset, FeedbackLoop loop, RecommendationModel recommendationModel,
            int maxRounds, LoopCase loopCase) {
        EvaluationCase c = loopCase.evaluationCase();
        Session session = loop.run(new RefinementRequest(loopCase.id() + "-" + java.util.UUID.randomUUID(),
                dataset.name(), c.history().stream().map(dataset.catalog()::require).toList(),
                c.candidates().stream().map(dataset.catalog()::require).toList(), maxRounds));
        String base = c.candidates().get(HitRatio.argMax(recommendationModel.score(c.history(), c.candidates())));
        List<RoundRecord> played = session.rounds();
        List<Boolean> hitAfterRound = new ArrayList<>();
        for (int r = 0; r < maxRounds; r++) {
            hitAfterRound.add(played.get(Math.min(r, played.size() - 1)).itemId().equals(c.target()));
        }
        double fallbackShare = played.stream().filter(p -> p.recommender().fallback() || p.user().fallback()).count()
                / (double) played.size();
        return new CaseOutcome(c.row(), c.seed(), c.target().equals(session.finalItemId()), base.equals(c.target()),
                hitAfterRound, played.size(), session.status() == SessionStatus.ACCEPTED, fallbackShare);
    }

    private LoopResult aggregate(String dataset, String recommendationModel, String rewardModel, String agents,
            int maxRounds, List<CaseOutcome> outcomes) {
        Map<Integer, double[]> byRow = new LinkedHashMap<>(); // row -> {afl hits, base hits, cases}
        double[] byRound = new double[maxRounds];
        double rounds = 0;
        double accepted = 0;
        double fallbacks = 0;
        boolean[] afl = new boolean[outcomes.size()];
        boolean[] base = new boolean[outcomes.size()];
        for (int i = 0; i < outcomes.size(); i++) {
            CaseOutcome o = outcomes.get(i);
            double[] row = byRow.computeIfAbsent(o.row(), r -> new double[3]);
            row[0] += o.aflHit() ? 1 : 0;
            row[1] += o.baseHit() ? 1 : 0;
            row[2]++;
            for (int r = 0; r < maxRounds; r++) {
                byRound[r] += o.hitAfterRound().get(r) ? 1 : 0;
            }
            rounds += o.rounds();
            accepted += o.accepted() ? 1 : 0;
            fallbacks += o.fallbackShare();
            afl[i] = o.aflHit();
            base[i] = o.baseHit();
        }
        double[] aflRow = byRow.values().stream().mapToDouble(r -> r[0] / r[2]).toArray();
        double[] baseRow = byRow.values().stream().mapToDouble(r -> r[1] / r[2]).toArray();
        double[] difference = new double[aflRow.length];
        for (int i = 0; i < aflRow.length; i++) {
            difference[i] = aflRow[i] - baseRow[i];
        }
        List<Double> curve = new ArrayList<>();
        for (double hits : byRound) {
            curve.add(hits / outcomes.size());
        }
        int n = outcomes.size();
        return new LoopResult(dataset, recommendationModel, rewardModel, agents, aflRow.length, seeds, maxRounds,
                BootstrapInterval.of(aflRow), BootstrapInterval.of(baseRow), BootstrapInterval.of(difference),
                PairedComparison.mcNemar(afl, base), curve, rounds / n, accepted / n, fallbacks / n);
    }
}

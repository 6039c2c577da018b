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
import java.util.List;

/**
 * Runs the feedback loop on every evaluation case and compares its final item with the recommendation model's
 * own top candidate (the base model) on the same candidates.
 */
public final class LoopEvaluation {

    private final EvaluationProtocol protocol;
    private final List<Long> seeds;

    public LoopEvaluation(EvaluationProtocol protocol, List<Long> seeds) {
        this.protocol = protocol;
        this.seeds = List.copyOf(seeds);
    }

    public LoopResult evaluate(Dataset dataset, Split split, FeedbackLoop loop, RecommendationModel recommendationModel,
            String rewardModel, String agents, int maxRounds) {
        double[] aflRow = null;
        double[] baseRow = null;
        double[] byRound = new double[maxRounds];
        double rounds = 0;
        double accepted = 0;
        double fallbacks = 0;
        int sessions = 0;
        List<Boolean> aflCases = new ArrayList<>();
        List<Boolean> baseCases = new ArrayList<>();
        for (long seed : seeds) {
            List<EvaluationCase> cases = protocol.cases(dataset, split, seed);
            if (aflRow == null) {
                aflRow = new double[cases.size()];
                baseRow = new double[cases.size()];
            }
            for (int i = 0; i < cases.size(); i++) {
                EvaluationCase c = cases.get(i);
                Session session = loop.run(new RefinementRequest(dataset.name() + "-" + split.fileStem() + "-" + c.row()
                        + "-seed" + seed + "-" + java.util.UUID.randomUUID(), dataset.name(),
                        c.history().stream().map(dataset.catalog()::require).toList(),
                        c.candidates().stream().map(dataset.catalog()::require).toList(), maxRounds));
                double aflHit = HitRatio.atOne(session.finalItemId(), c.target());
                String base = c.candidates().get(HitRatio.argMax(recommendationModel.score(c.history(), c.candidates())));
                double baseHit = HitRatio.atOne(base, c.target());
                aflRow[i] += aflHit / seeds.size();
                baseRow[i] += baseHit / seeds.size();
                aflCases.add(aflHit == 1.0);
                baseCases.add(baseHit == 1.0);
                List<RoundRecord> played = session.rounds();
                for (int r = 0; r < maxRounds; r++) {
                    String answer = played.get(Math.min(r, played.size() - 1)).itemId();
                    byRound[r] += HitRatio.atOne(answer, c.target());
                }
                rounds += played.size();
                accepted += session.status() == SessionStatus.ACCEPTED ? 1 : 0;
                fallbacks += played.stream().filter(p -> p.recommender().fallback() || p.user().fallback()).count()
                        / (double) played.size();
                sessions++;
            }
        }
        if (aflRow == null || aflRow.length == 0) {
            throw new dev.afl.AflException("Dataset " + dataset.name() + " has no " + split.fileStem()
                    + " rows to evaluate.");
        }
        double[] difference = new double[aflRow.length];
        for (int i = 0; i < aflRow.length; i++) {
            difference[i] = aflRow[i] - baseRow[i];
        }
        List<Double> curve = new ArrayList<>();
        for (double hits : byRound) {
            curve.add(hits / sessions);
        }
        return new LoopResult(dataset.name(), recommendationModel.name(), rewardModel, agents, aflRow.length, seeds,
                maxRounds, BootstrapInterval.of(aflRow), BootstrapInterval.of(baseRow),
                BootstrapInterval.of(difference), PairedComparison.mcNemar(toArray(aflCases), toArray(baseCases)), curve, rounds / sessions, accepted / sessions, fallbacks / sessions);
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

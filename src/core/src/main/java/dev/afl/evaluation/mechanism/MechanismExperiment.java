package dev.afl.evaluation.mechanism;

import dev.afl.AflException;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.agent.simulated.CalibratedNoisyUser;
import dev.afl.agent.simulated.DecisionNoise;
import dev.afl.agent.simulated.IndependentUser;
import dev.afl.agent.simulated.JudgeModel;
import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.catalog.ItemCatalog;
import dev.afl.evaluation.BootstrapInterval;
import dev.afl.evaluation.ComparisonFamily;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.LoopSetup;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PlannedComparison;
import dev.afl.evaluation.PowerLine;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.CasePlayer;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.evaluation.stats.ClusteredPairs;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * The loop without an LLM, with users that are not the reward model: each recommendation model's AFL played with
 * the offline recommendation agent and, in turn, the offline user (the reward model's verdict, the reference), the
 * calibrated noisy user and the independent-information user at each noise level, against the baselines of the two
 * models alone. It studies what the protocol does with a user who is right only some of the time or who knows
 * something else; it says nothing about LLM agents.
 *
 * <p>A user whose decisions are drawn (the calibrated one, or any with noise) plays every case once per user seed, and
 * a row's sessions are averaged first: the row stays the unit of every CI and test.
 */
public final class MechanismExperiment {

    /**
     * What the study runs on.
     *
     * @param models     the recommendation models by name
     * @param judge      the independent user's model (not the reward model)
     * @param test       the test cases (true item at a random place)
     * @param validation the validation cases the best baseline of each model is chosen on
     * @param userSeeds  sessions per case for a user whose decisions are drawn
     * @param seed       the first user seed
     */
    public record Inputs(String dataset, ItemCatalog catalog, Map<String, RecommendationModel> models,
            RewardModel reward, JudgeModel judge, SimulatedUserCalibration calibration, List<EvaluationCase> test,
            List<EvaluationCase> validation, List<Double> epsilons, int userSeeds, long seed, int maxRounds,
            RewardVerdict verdict, int concurrency) {

        public Inputs {
            if (test.isEmpty() || validation.isEmpty()) {
                throw new AflException("The mechanism study needs test and validation cases; " + dataset + " has "
                        + test.size() + " and " + validation.size() + ".");
            }
            if (userSeeds < 1) {
                throw new IllegalArgumentException("--user-seeds must be at least 1, got " + userSeeds);
            }
            epsilons.forEach(DecisionNoise::new);
        }
    }

    /** One played session: a test case's outcome under one user seed. */
    private record Session(int replicate, CaseOutcome outcome) {
    }

    private MechanismExperiment() {
    }

    public static MechanismResult run(Inputs in) {
        List<MechanismBaselines> baselines = new ArrayList<>();
        List<MechanismRow> rows = new ArrayList<>();
        List<PlannedComparison> family = new ArrayList<>();
        List<PowerLine> power = new ArrayList<>();
        for (Map.Entry<String, RecommendationModel> model : in.models().entrySet()) {
            CasePlayer models = new CasePlayer(setup(in, model.getValue(), new OfflineUserAgent(in.verdict())));
            Map<String, List<CaseOutcome>> test = new LinkedHashMap<>();
            test.put(RecommendationMethod.BASE.id(), play(in, in.test(), c -> models.play(RecommendationMethod.BASE, c)));
            Map<String, Estimate> validation = new LinkedHashMap<>();
            RecommendationMethod best = null;
            for (RecommendationMethod baseline : RecommendationMethod.BASELINES) {
                test.put(baseline.id(), play(in, in.test(), c -> models.play(baseline, c)));
                Estimate onValidation = hitRatio(play(in, in.validation(), c -> models.play(baseline, c)));
                validation.put(baseline.id(), onValidation);
                if (best == null || onValidation.mean() > validation.get(best.id()).mean()) {
                    best = baseline;
                }
            }
            Map<String, Estimate> testHitRatio = new LinkedHashMap<>();
            Map<String, Integer> testHits = new LinkedHashMap<>();
            test.forEach((method, outcomes) -> {
                testHitRatio.put(method, hitRatio(outcomes));
                testHits.put(method, (int) outcomes.stream().filter(CaseOutcome::hit).count());
            });
            baselines.add(new MechanismBaselines(model.getKey(), testHitRatio, testHits, validation,
                    in.validation().size(), best.id()));
            Map<String, CaseOutcome> first = byCase(test.get(RecommendationMethod.BASE.id()));
            Map<String, CaseOutcome> bestBaseline = byCase(test.get(best.id()));
            boolean rewardIsModel = models.recommendsWithTheRewardModel();
            for (StudiedUser user : StudiedUser.values()) {
                for (double epsilon : user == StudiedUser.OFFLINE ? List.of(0.0) : in.epsilons()) {
                    int seeds = user.random(epsilon) ? in.userSeeds() : 1;
                    List<Session> sessions = new ArrayList<>();
                    for (int s = 0; s < seeds; s++) {
                        CasePlayer loop = new CasePlayer(setup(in, model.getValue(), user(in, user, epsilon,
                                in.seed() + s)));
                        int replicate = s;
                        play(in, in.test(), c -> loop.play(RecommendationMethod.AFL, c))
                                .forEach(o -> sessions.add(new Session(replicate, o)));
                    }
                    Figures figures = figures(sessions, first, bestBaseline, in.verdict().acceptTopK());
                    String label = String.format(java.util.Locale.ROOT, "%s · AFL with the %s (epsilon %.2f) vs its"
                            + " best baseline, %s", model.getKey(), user.label().toLowerCase(java.util.Locale.ROOT),
                            epsilon, best.label());
                    family.add(new PlannedComparison(label, figures.pairs(), user == StudiedUser.OFFLINE && rewardIsModel
                            ? new PlannedComparison.Identical("the recommendation model is the reward model: the"
                                    + " offline user accepts its first choice, which every baseline is too")
                            : new PlannedComparison.Unknown()));
                    rows.add(new MechanismRow(model.getKey(), user.id(), user.label(), epsilon, figures.rows(), seeds,
                            figures.hitRatio(), figures.hits(), figures.minusBest(), null, figures.meanRounds(),
                            figures.movedAway(), figures.movedAndRight(), figures.movedAndLost(),
                            figures.againstReward()));
                    if (user == StudiedUser.CALIBRATED && epsilon == in.epsilons().getFirst()) {
                        power.add(PowerLine.of(in.dataset(), in.test().getFirst().lists().id(), model.getKey(),
                                String.format(java.util.Locale.ROOT, "AFL with the calibrated user (epsilon %.2f) vs its"
                                        + " best baseline", epsilon),
                                figures.units(), figures.baselineHits(), figures.aflHits(), null));
                    }
                }
            }
        }
        List<PairedComparison> tests = ComparisonFamily.evaluate(family);
        List<MechanismRow> tested = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            MechanismRow r = rows.get(i);
            tested.add(new MechanismRow(r.recommendationModel(), r.user(), r.userLabel(), r.epsilon(), r.rows(),
                    r.userSeeds(), r.hitRatio(), r.hits(), r.minusBest(), tests.get(i), r.meanRounds(), r.movedAway(),
                    r.movedAndRight(), r.movedAndLost(), r.againstReward()));
        }
        int testRows = (int) in.test().stream().map(EvaluationCase::row).distinct().count();
        return new MechanismResult(in.dataset(), in.test().getFirst().lists().id(), testRows, in.test().size(),
                in.maxRounds(), in.epsilons(), in.userSeeds(), in.seed(), in.calibration(), baselines, tested, power, 0);
    }

    /** The user of a row of the study. */
    static UserAgent user(Inputs in, StudiedUser user, double epsilon, long seed) {
        SimulatedUserCalibration calibration = in.calibration();
        return switch (user) {
            case OFFLINE -> new OfflineUserAgent(in.verdict());
            case CALIBRATED -> new CalibratedNoisyUser(dataset -> calibration.rankCalibration(),
                    new DecisionNoise(epsilon), seed, in.verdict().preferredShown());
            case INDEPENDENT -> new IndependentUser(dataset -> in.judge(), new DecisionNoise(epsilon), seed,
                    in.verdict().acceptTopK(), in.verdict().preferredShown());
        };
    }

    private static LoopSetup setup(Inputs in, RecommendationModel model, UserAgent user) {
        return new LoopSetup(in.dataset(), in.catalog(), model, in.reward(), new OfflineRecommendationAgent(), user,
                in.maxRounds());
    }

    /** The cases played on {@code concurrency} threads, outcomes in case order. */
    private static List<CaseOutcome> play(Inputs in, List<EvaluationCase> cases, Function<EvaluationCase, CaseOutcome> play) {
        ForkJoinPool pool = new ForkJoinPool(in.concurrency());
        try {
            return pool.submit(() -> cases.parallelStream().map(play).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AflException("The mechanism study was interrupted.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("a case of the mechanism study failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static Estimate hitRatio(List<CaseOutcome> outcomes) {
        return BootstrapInterval.ofUnitMeans(outcomes.stream().map(CaseOutcome::row).toList(),
                outcomes.stream().mapToDouble(o -> o.hit() ? 1 : 0).toArray());
    }

    private static Map<String, CaseOutcome> byCase(List<CaseOutcome> outcomes) {
        Map<String, CaseOutcome> byCase = new HashMap<>();
        outcomes.forEach(o -> byCase.put(key(o), o));
        return byCase;
    }

    private static String key(CaseOutcome o) {
        return o.row() + "/" + o.seed();
    }

    /** What one row of the study shows, session by session, with the row as the unit. */
    private record Figures(List<Integer> units, boolean[] aflHits, boolean[] baselineHits, ClusteredPairs pairs,
            Estimate hitRatio, int hits, Estimate minusBest, Estimate meanRounds, Estimate movedAway,
            Estimate movedAndRight, Estimate movedAndLost, Estimate againstReward) {

        int rows() {
            return (int) units.stream().distinct().count();
        }
    }

    static Figures figures(List<Session> sessions, Map<String, CaseOutcome> first, Map<String, CaseOutcome> best,
            int acceptTopK) {
        int n = sessions.size();
        List<Integer> units = new ArrayList<>(n);
        boolean[] afl = new boolean[n];
        boolean[] baseline = new boolean[n];
        double[] hit = new double[n];
        double[] difference = new double[n];
        double[] rounds = new double[n];
        double[] moved = new double[n];
        double[] movedRight = new double[n];
        double[] movedLost = new double[n];
        double[] against = new double[n];
        int hits = 0;
        for (int i = 0; i < n; i++) {
            CaseOutcome o = sessions.get(i).outcome();
            CaseOutcome modelFirst = first.get(key(o));
            CaseOutcome bestBaseline = best.get(key(o));
            units.add(o.row());
            afl[i] = o.hit();
            baseline[i] = bestBaseline.hit();
            hit[i] = o.hit() ? 1 : 0;
            hits += o.hit() ? 1 : 0;
            difference[i] = hit[i] - (bestBaseline.hit() ? 1 : 0);
            rounds[i] = o.judgements().size();
            boolean away = !o.finalItem().equals(modelFirst.finalItem());
            moved[i] = away ? 1 : 0;
            movedRight[i] = away && o.hit() ? 1 : 0;
            movedLost[i] = away && modelFirst.hit() ? 1 : 0;
            against[i] = o.judgements().stream().filter(j -> j.accepted() != (j.rewardRank() <= acceptTopK)).count();
        }
        return new Figures(units, afl, baseline, ClusteredPairs.of(units, afl, baseline),
                BootstrapInterval.ofUnitMeans(units, hit), hits, BootstrapInterval.ofUnitMeans(units, difference),
                BootstrapInterval.ofUnitMeans(units, rounds), BootstrapInterval.ofUnitMeans(units, moved),
                BootstrapInterval.ofUnitMeans(units, movedRight), BootstrapInterval.ofUnitMeans(units, movedLost),
                BootstrapInterval.ofUnitRatio(units, against, rounds));
    }
}

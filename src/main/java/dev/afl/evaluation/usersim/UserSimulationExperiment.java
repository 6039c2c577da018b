package dev.afl.evaluation.usersim;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.UserSimulationProtocol;
import dev.afl.evaluation.UserSimulationProtocol.Case;
import dev.afl.evaluation.UserSimulationProtocol.Ratio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The user-simulation experiment (the paper's Table 5): at each positives:negatives ratio, the reward model
 * (thresholded at the score chosen on validation cases), the user agent alone and the user agent after the
 * loop judge the same items, and each pair is compared on the same judgements.
 */
public final class UserSimulationExperiment {

    /** Runs one configuration's cases (in-process, or through a resumable {@code CaseRunner}). */
    @FunctionalInterface
    public interface CaseStore {
        List<RatingOutcome> run(String configuration, List<Case> cases, Function<Case, RatingOutcome> play);
    }

    public record Result(List<UserSimulationResult> results, List<UserSimulationComparison> comparisons,
            Map<String, LikeThreshold> thresholds) {
    }

    private UserSimulationExperiment() {
    }

    /**
     * @param testCases       the judged cases of a ratio and seed
     * @param validationCases the cases the like threshold is chosen on (never the test users)
     */
    public static Result run(String dataset, String construction, String agents, List<Ratio> ratios, List<Long> seeds,
            BiFunction<Ratio, Long, List<Case>> testCases, BiFunction<Ratio, Long, List<Case>> validationCases,
            RatingPlayer player, CaseStore store, CostLedger.Prices prices) {
        List<UserSimulationResult> results = new ArrayList<>();
        List<UserSimulationComparison> comparisons = new ArrayList<>();
        Map<String, LikeThreshold> thresholds = new LinkedHashMap<>();
        for (Ratio ratio : ratios) {
            LikeThreshold threshold = threshold(player, cases(validationCases, ratio, seeds));
            thresholds.put(ratio.name(), threshold);
            List<Case> cases = cases(testCases, ratio, seeds);
            if (cases.isEmpty()) {
                throw new dev.afl.AflException("No " + dataset + " user-simulation cases at ratio " + ratio.name()
                        + ": the users need at least 12 recent items (rows at least 3 history items).");
            }
            Map<SimulationMethod, List<RatingOutcome>> outcomes = new LinkedHashMap<>();
            for (SimulationMethod method : SimulationMethod.values()) {
                String key = dataset + "-usersim-" + fileName(ratio) + "-" + method.id() + "-"
                        + agents;
                List<RatingOutcome> played = store.run(key, cases, c -> player.play(method, c, threshold.value()));
                outcomes.put(method, played);
                results.add(UserSimulationFigures.of(dataset, construction, ratio.name(), method, agents,
                        threshold.value(), played, prices));
            }
            comparisons.add(UserSimulationFigures.compare(ratio.name(), "user-agent",
                    outcomes.get(SimulationMethod.USER_AGENT), "reward-model", outcomes.get(SimulationMethod.REWARD_MODEL)));
            comparisons.add(UserSimulationFigures.compare(ratio.name(), "afl", outcomes.get(SimulationMethod.AFL),
                    "user-agent", outcomes.get(SimulationMethod.USER_AGENT)));
            comparisons.add(UserSimulationFigures.compare(ratio.name(), "afl", outcomes.get(SimulationMethod.AFL),
                    "reward-model", outcomes.get(SimulationMethod.REWARD_MODEL)));
        }
        return new Result(results, comparisons, thresholds);
    }

    static LikeThreshold threshold(RatingPlayer player, List<Case> validation) {
        if (validation.isEmpty()) {
            throw new dev.afl.AflException("No validation cases to choose the reward model's like threshold on.");
        }
        List<Double> scores = new ArrayList<>();
        List<Boolean> liked = new ArrayList<>();
        for (Case c : validation) {
            float[] s = player.scores(c);
            for (int i = 0; i < s.length; i++) {
                scores.add((double) s[i]);
                liked.add(c.liked().get(i));
            }
        }
        boolean[] labels = new boolean[liked.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = liked.get(i);
        }
        return LikeThreshold.maximisingF1(scores.stream().mapToDouble(Double::doubleValue).toArray(), labels);
    }

    private static List<Case> cases(BiFunction<Ratio, Long, List<Case>> source, Ratio ratio, List<Long> seeds) {
        List<Case> all = new ArrayList<>();
        for (long seed : seeds) {
            all.addAll(source.apply(ratio, seed));
        }
        return all;
    }

    /** The ratio's name as a file-name part ("1:3" -> "1to3"). */
    static String fileName(UserSimulationProtocol.Ratio ratio) {
        return ratio.name().replace(":", "to");
    }
}

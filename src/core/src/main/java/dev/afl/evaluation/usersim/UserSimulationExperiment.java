package dev.afl.evaluation.usersim;

import dev.afl.AgentTrace;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.PlannedComparison.Expectation;
import dev.afl.evaluation.PlannedComparison;
import dev.afl.evaluation.UserSimulationProtocol.Case;
import dev.afl.evaluation.UserSimulationProtocol.Ratio;
import dev.afl.evaluation.UserSimulationProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The user-simulation experiment (the paper's Table 5): at each positives:negatives ratio, the reward model
 * (thresholded at the score chosen on validation cases), the user agent alone and the user agent after the
 * loop judge the same items, and each pair is compared on the same judgements; all the comparisons of a run form
 * one family for the paired tests.
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
        List<UserSimulationFigures.PlannedPair> planned = new ArrayList<>();
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
            planned.add(pair(ratio, SimulationMethod.USER_AGENT, SimulationMethod.REWARD_MODEL, outcomes, agents));
            planned.add(pair(ratio, SimulationMethod.AFL, SimulationMethod.USER_AGENT, outcomes, agents));
            planned.add(pair(ratio, SimulationMethod.AFL, SimulationMethod.REWARD_MODEL, outcomes, agents));
        }
        List<UserSimulationComparison> comparisons = UserSimulationFigures.compareAll(planned);
        return new Result(results, comparisons, thresholds);
    }

    /**
     * One comparison of the family. Offline, the user agent likes an item exactly when the reward model's score
     * reaches the threshold, with or without AFL's memory, so every pair is identical by construction.
     */
    private static UserSimulationFigures.PlannedPair pair(Ratio ratio, SimulationMethod first,
            SimulationMethod second, Map<SimulationMethod, List<RatingOutcome>> outcomes, String agents) {
        Expectation expectation = new PlannedComparison.Unknown();
        if (AgentTrace.OFFLINE.equals(agents)) {
            List<String> reasons = new ArrayList<>();
            if (first == SimulationMethod.REWARD_MODEL || second == SimulationMethod.REWARD_MODEL) {
                reasons.add("the offline user agent likes an item exactly when the reward model's score reaches"
                        + " the threshold");
            }
            if (first == SimulationMethod.AFL || second == SimulationMethod.AFL) {
                reasons.add("the offline user agent's judgement does not read AFL's memory of the loop");
            }
            expectation = new PlannedComparison.Identical(String.join("; ", reasons));
        }
        return new UserSimulationFigures.PlannedPair(ratio.name(), first.id(), outcomes.get(first), second.id(),
                outcomes.get(second), expectation);
    }

    static LikeThreshold threshold(RatingPlayer player, List<Case> validation) {
        if (validation.isEmpty()) {
            throw new dev.afl.AflException("No validation cases to choose the reward model's like threshold on.");
        }
        return LikeThreshold.maximisingF1(validation, player::scores);
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

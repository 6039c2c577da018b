package dev.afl.evaluation.mechanism;

import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.evaluation.PowerLine;
import java.util.List;

/**
 * Everything the mechanism study found: the users' calibration (validation split), each recommendation model's
 * baselines, one row per model, user and noise level, and the power of the study's comparison.
 *
 * @param userSeeds     sessions per test case for a user whose decisions are drawn
 * @param userSeed      the first user seed (the others follow it)
 * @param wallSeconds   how long the study took, from loading the data to the last figure
 */
public record MechanismResult(String dataset, String candidateLists, int testRows, int testCases, int maxRounds,
        List<Double> epsilons, int userSeeds, long userSeed, SimulatedUserCalibration calibration,
        List<MechanismBaselines> baselines, List<MechanismRow> rows, List<PowerLine> power, double wallSeconds) {

    public MechanismResult {
        epsilons = List.copyOf(epsilons);
        baselines = List.copyOf(baselines);
        rows = List.copyOf(rows);
        power = List.copyOf(power);
    }

    /** The same result with the study's measured run time. */
    public MechanismResult timed(double seconds) {
        return new MechanismResult(dataset, candidateLists, testRows, testCases, maxRounds, epsilons, userSeeds,
                userSeed, calibration, baselines, rows, power, seconds);
    }
}

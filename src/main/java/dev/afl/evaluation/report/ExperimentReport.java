package dev.afl.evaluation.report;

import dev.afl.evaluation.ProtocolCheck;
import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.usersim.UserSimulationComparison;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.util.List;
import java.util.Map;

/**
 * Everything one experiment run produced, as written to {@code results.json} and rendered into the Markdown
 * report and its charts. A report covers one dataset; a family that was not run has empty lists.
 *
 * @param protocol how cases were built and figures computed, in words and numbers
 * @param baseline the paper's Table 4 figures for this dataset, where it reports them (method id -> model -> HitRatio@1)
 * @param protocolCheck the paper's lists checked against the reference checkpoints and recorded answers, or null
 *                      when the data allow no such check
 */
public record ExperimentReport(String title, String generatedAt, String dataset, String agents,
        Map<String, Object> protocol, RunManifest manifest, List<ConfigurationResult> recommendation,
        List<Comparison> recommendationComparisons, List<UserSimulationResult> userSimulation,
        List<UserSimulationComparison> userSimulationComparisons, Map<String, Double> targetPopularity,
        Map<String, Map<String, Double>> baseline, ProtocolCheck protocolCheck) {
}

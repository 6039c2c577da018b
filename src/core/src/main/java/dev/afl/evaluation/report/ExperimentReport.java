package dev.afl.evaluation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PowerLine;
import dev.afl.evaluation.ProtocolCheck;
import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.recommendation.BaselineChoice;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RepeatRuns;
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
 * @param baselines     which baseline (reward model alone, rank fusion, model top-5 re-ranked) each AFL row is compared
 *                      with, chosen on the validation split; the comparison itself is in the recommendation family
 * @param power         the smallest difference the clustered test detects with 80% power, per recommendation model
 * @param repeats       the repeat runs ({@code --repeats k}, k > 1); null (and absent from results.json) for one run
 */
public record ExperimentReport(String title, String generatedAt, String dataset, String agents,
        Map<String, Object> protocol, RunManifest manifest, List<ConfigurationResult> recommendation,
        List<Comparison> recommendationComparisons, List<UserSimulationResult> userSimulation,
        List<UserSimulationComparison> userSimulationComparisons, Map<String, Estimate> targetPopularity,
        Map<String, Map<String, Double>> baseline, ProtocolCheck protocolCheck, List<BaselineChoice> baselines,
        List<PowerLine> power, @JsonInclude(JsonInclude.Include.NON_NULL) RepeatRuns repeats) {

    /** A report of one run (no repeats). */
    public ExperimentReport(String title, String generatedAt, String dataset, String agents,
            Map<String, Object> protocol, RunManifest manifest, List<ConfigurationResult> recommendation,
            List<Comparison> recommendationComparisons, List<UserSimulationResult> userSimulation,
            List<UserSimulationComparison> userSimulationComparisons, Map<String, Estimate> targetPopularity,
            Map<String, Map<String, Double>> baseline, ProtocolCheck protocolCheck, List<BaselineChoice> baselines,
            List<PowerLine> power) {
        this(title, generatedAt, dataset, agents, protocol, manifest, recommendation, recommendationComparisons,
                userSimulation, userSimulationComparisons, targetPopularity, baseline, protocolCheck, baselines, power,
                null);
    }
}

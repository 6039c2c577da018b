package dev.afl.evaluation.report;

import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.mechanism.MechanismResult;
import java.util.Map;

/**
 * The mechanism study as written to {@code results.json} and rendered into its Markdown report and charts.
 *
 * @param agents   the agents' label ({@code offline+simulated})
 * @param protocol how the study was run, in words and numbers
 */
public record MechanismReport(String title, String generatedAt, String agents, Map<String, Object> protocol,
        RunManifest manifest, MechanismResult result) {
}

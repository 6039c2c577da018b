package dev.afl.evaluation.fanout;

import dev.afl.evaluation.recommendation.ConfigurationResult;

/**
 * What the fan-out's aggregation writes as {@code results/<runId>/metrics.json}.
 *
 * @param casesAggregated the cases whose outcome the figures are computed from
 * @param casesFailed     cases the Distributed Map reported failed (left out of the figures)
 * @param unreadableLines result lines that were not a case result (left out, and worth a look)
 * @param popularity      where the popularity groups came from, or null when the run had none
 * @param figures         the same figures, computed by the same code, as a local experiment's configuration
 */
public record FanOutMetrics(String runId, int casesAggregated, int casesFailed, int unreadableLines,
        String popularity, ConfigurationResult figures) {
}

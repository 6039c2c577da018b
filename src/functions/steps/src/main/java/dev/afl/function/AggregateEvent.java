package dev.afl.function;

/**
 * The input of the {@code aggregate} function, from the fan-out's last state.
 *
 * @param manifestKey the Distributed Map's ResultWriter manifest ({@code ResultWriterDetails.Key})
 * @param casesKey    the case file; its {@code .popularity.json} sidecar, when present, gives the popularity groups
 * @param priceInputPerMillion  optional, US dollars per million input tokens for the cost ledger (default 0.15)
 * @param priceOutputPerMillion optional, per million output tokens (default 0.60)
 */
public record AggregateEvent(String runId, String dataset, Integer maxRounds, String bucket, String casesKey,
        String manifestKey, Double priceInputPerMillion, Double priceOutputPerMillion) {
}

package dev.afl.evaluation;

/**
 * The token and cost ledger of one configuration: its LLM use and what it cost at the configured prices.
 *
 * @param inputPricePerMillion  US dollars per million input (prompt) tokens
 * @param outputPricePerMillion US dollars per million output (completion) tokens
 * @param estimate              what {@code experiment --estimate} expected of the same configuration, beside the
 *                              counted figures; null where none was made
 */
public record CostLedger(long cases, long llmCalls, long inputTokens, long outputTokens, double inputPricePerMillion,
        double outputPricePerMillion, double costUsd, CostEstimate estimate) {

    public CostLedger(long cases, long llmCalls, long inputTokens, long outputTokens, double inputPricePerMillion,
            double outputPricePerMillion, double costUsd) {
        this(cases, llmCalls, inputTokens, outputTokens, inputPricePerMillion, outputPricePerMillion, costUsd, null);
    }

    /** This ledger with the run's estimate beside its counted figures. */
    public CostLedger withEstimate(CostEstimate estimate) {
        return new CostLedger(cases, llmCalls, inputTokens, outputTokens, inputPricePerMillion, outputPricePerMillion,
                costUsd, estimate);
    }

    /** Prices per million tokens, input then output. */
    public record Prices(double inputPerMillion, double outputPerMillion) {

        public static final Prices FREE = new Prices(0, 0);
        /** The default prices of the reports and the fan-out (a small hosted model's list price), as text for options. */
        public static final String DEFAULT_INPUT = "0.15";
        public static final String DEFAULT_OUTPUT = "0.60";
        public static final Prices DEFAULT = new Prices(Double.parseDouble(DEFAULT_INPUT),
                Double.parseDouble(DEFAULT_OUTPUT));

        public Prices {
            if (inputPerMillion < 0 || outputPerMillion < 0) {
                throw new IllegalArgumentException("token prices cannot be negative: " + inputPerMillion + ", "
                        + outputPerMillion);
            }
        }
    }

    public static CostLedger of(long cases, Usage usage, Prices prices) {
        double cost = usage.inputTokens() / 1e6 * prices.inputPerMillion()
                + usage.outputTokens() / 1e6 * prices.outputPerMillion();
        return new CostLedger(cases, usage.llmCalls(), usage.inputTokens(), usage.outputTokens(),
                prices.inputPerMillion(), prices.outputPerMillion(), cost);
    }
}

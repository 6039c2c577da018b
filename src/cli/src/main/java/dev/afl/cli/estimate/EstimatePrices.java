package dev.afl.cli.estimate;

import dev.afl.evaluation.CostEstimate;
import dev.afl.evaluation.CostEstimate.Use;
import dev.afl.evaluation.CostLedger;
import java.util.Locale;
import java.util.Map;

/**
 * The prices an estimate is costed at, per agent: online and batch, each from the command's options where given,
 * else from the {@link PriceList}; null where neither knows one.
 *
 * @param recommender the recommender LLM's prices (also the {@code llm} recommendation model's)
 * @param user        the user LLM's prices
 */
public record EstimatePrices(AgentPrices recommender, AgentPrices user) {

    /**
     * One agent's prices.
     *
     * @param online null when no online price is known
     * @param batch  null when no batch price is known
     * @param source where they come from, in words
     */
    public record AgentPrices(String model, CostLedger.Prices online, CostLedger.Prices batch, String source) {

        /**
         * The prices of {@code model}: each option given wins over the list's price (the online pair and the
         * batch pair each); a price neither gives stays unknown.
         */
        public static AgentPrices of(String model, PriceList list, Double input, Double output, Double batchInput,
                Double batchOutput) {
            PriceList.ModelPrice listed = list.lookup(model).orElse(null);
            CostLedger.Prices online = pair(input, output, listed == null ? null : listed.online());
            CostLedger.Prices batch = pair(batchInput, batchOutput, listed == null ? null : listed.batch());
            boolean overridden = input != null || output != null || batchInput != null || batchOutput != null;
            String source = listed == null ? (overridden ? "the command's options" : "no price known")
                    : PriceList.RESOURCE + " (" + listed.model() + ")" + (overridden ? " and the command's options" : "");
            return new AgentPrices(model, online, batch, source);
        }

        private static CostLedger.Prices pair(Double input, Double output, CostLedger.Prices listed) {
            Double in = input != null ? input : listed == null ? null : listed.inputPerMillion();
            Double out = output != null ? output : listed == null ? null : listed.outputPerMillion();
            return in == null || out == null ? null : new CostLedger.Prices(in, out);
        }

        String description() {
            return model + ": " + (online == null ? "no online price known" : "online " + perMillion(online))
                    + ", " + (batch == null ? "no batch price known" : "batch " + perMillion(batch)) + " (" + source
                    + ")";
        }

        private static String perMillion(CostLedger.Prices prices) {
            return String.format(Locale.ROOT, "$%s in / $%s out per million tokens",
                    trim(prices.inputPerMillion()), trim(prices.outputPerMillion()));
        }

        private static String trim(double value) {
            return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    /** The prices in words, with how to give a missing one. */
    public String description() {
        StringBuilder text = new StringBuilder("Prices: recommender ").append(recommender.description());
        if (!user.model().equals(recommender.model())) {
            text.append("; user ").append(user.description());
        }
        text.append(". Check your provider's page: the list's prices are defaults, not quotes.");
        if (recommender.online() == null || user.online() == null || recommender.batch() == null
                || user.batch() == null) {
            text.append(" Where no price is known the cost is not estimated: give one with --price-input and"
                    + " --price-output (online) and --price-batch-input and --price-batch-output (batch), in US"
                    + " dollars per million tokens.");
        }
        return text.toString();
    }

    /** One configuration's estimate from its agents' tallies. */
    CostEstimate estimate(Map<String, TokenTally.Trajectories> byAgent, String basis) {
        TokenTally.Trajectories total = TokenTally.Trajectories.NONE;
        CostEstimate.Cost online = new CostEstimate.Cost(0, 0, 0);
        CostEstimate.Cost batch = new CostEstimate.Cost(0, 0, 0);
        for (Map.Entry<String, TokenTally.Trajectories> entry : byAgent.entrySet()) {
            TokenTally.Trajectories t = entry.getValue();
            AgentPrices prices = entry.getKey().equals(RehearsalUserAgent.AGENT) ? user : recommender;
            total = total.plus(t);
            online = add(online, prices.online(), t);
            batch = add(batch, prices.batch(), t);
        }
        return new CostEstimate(total.low(), total.expected(), total.high(), online, batch, basis);
    }

    /** {@code so far} plus the trajectories' cost at {@code prices}; unknown (null) once any price is missing. */
    private static CostEstimate.Cost add(CostEstimate.Cost soFar, CostLedger.Prices prices,
            TokenTally.Trajectories t) {
        if (soFar == null || (prices == null && t.high().requests() > 0)) {
            return null;
        }
        if (prices == null) {
            return soFar;
        }
        return soFar.plus(new CostEstimate.Cost(usd(t.low(), prices), usd(t.expected(), prices), usd(t.high(), prices)));
    }

    static double usd(Use use, CostLedger.Prices prices) {
        return use.inputTokens() / 1e6 * prices.inputPerMillion() + use.outputTokens() / 1e6 * prices.outputPerMillion();
    }
}

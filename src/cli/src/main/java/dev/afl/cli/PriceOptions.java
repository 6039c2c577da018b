package dev.afl.cli;

import dev.afl.app.AgentFactory;
import dev.afl.cli.estimate.EstimatePrices;
import dev.afl.cli.estimate.PriceList;
import dev.afl.evaluation.CostLedger;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The LLM prices an experiment counts its cost at, online and in batch: the options where given, else the price list's
 * for the model ({@link PriceList}), else the defaults. The one place the ledger's and the estimate's prices are
 * decided.
 */
public class PriceOptions {

    /** A batch price no option or list gives: the online one at OpenAI's Batch API discount. */
    private static final double UNLISTED_BATCH_SHARE = 0.5;

    @Option(names = "--price-input", paramLabel = "USD",
            description = "US dollars per million input tokens at online prices, for the cost ledger and --estimate"
                    + " (default: the recommender model's in " + PriceList.RESOURCE + ", else "
                    + CostLedger.Prices.DEFAULT_INPUT + ").")
    private Double priceInput;

    @Option(names = "--price-output", paramLabel = "USD",
            description = "US dollars per million output tokens at online prices, for the cost ledger and --estimate"
                    + " (default: the recommender model's in " + PriceList.RESOURCE + ", else "
                    + CostLedger.Prices.DEFAULT_OUTPUT + ").")
    private Double priceOutput;

    @Option(names = "--price-batch-input", paramLabel = "USD",
            description = "US dollars per million input tokens at batch prices, for --estimate and --llm-mode batch's"
                    + " ledger (default: the model's in " + PriceList.RESOURCE + ").")
    private Double priceBatchInput;

    @Option(names = "--price-batch-output", paramLabel = "USD",
            description = "US dollars per million output tokens at batch prices, for --estimate and --llm-mode batch's"
                    + " ledger (default: the model's in " + PriceList.RESOURCE + ").")
    private Double priceBatchOutput;

    /**
     * The ledger's prices: the options', else the recommender model's in the price list, else the defaults; in batch
     * mode the batch pair, else half the online one (the OpenAI Batch API's discount), said in the protocol.
     */
    CostLedger.Prices ledger(AgentFactory agents, boolean batch) {
        Optional<PriceList.ModelPrice> listed = agents.llmConfigured()
                ? PriceList.defaults().lookup(agents.recommenderModel()) : Optional.empty();
        CostLedger.Prices online = new CostLedger.Prices(
                priceInput != null ? priceInput : listed.map(p -> p.online().inputPerMillion())
                        .orElse(CostLedger.Prices.DEFAULT.inputPerMillion()),
                priceOutput != null ? priceOutput : listed.map(p -> p.online().outputPerMillion())
                        .orElse(CostLedger.Prices.DEFAULT.outputPerMillion()));
        if (!batch) {
            return online;
        }
        Optional<CostLedger.Prices> listedBatch = listed.map(PriceList.ModelPrice::batch);
        return new CostLedger.Prices(
                priceBatchInput != null ? priceBatchInput : listedBatch.map(CostLedger.Prices::inputPerMillion)
                        .orElse(online.inputPerMillion() * UNLISTED_BATCH_SHARE),
                priceBatchOutput != null ? priceBatchOutput : listedBatch.map(CostLedger.Prices::outputPerMillion)
                        .orElse(online.outputPerMillion() * UNLISTED_BATCH_SHARE));
    }

    /** Each agent's online and batch prices for the estimate: the options where given, else the price list's. */
    EstimatePrices estimate(AgentFactory agents) {
        PriceList list = PriceList.defaults();
        return new EstimatePrices(
                EstimatePrices.AgentPrices.of(agents.modelIds().get("recommender"), list, priceInput, priceOutput,
                        priceBatchInput, priceBatchOutput),
                EstimatePrices.AgentPrices.of(agents.modelIds().get("user"), list, priceInput, priceOutput,
                        priceBatchInput, priceBatchOutput));
    }
}

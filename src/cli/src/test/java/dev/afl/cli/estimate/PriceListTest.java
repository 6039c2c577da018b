package dev.afl.cli.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.evaluation.CostEstimate;
import dev.afl.evaluation.CostEstimate.Use;
import dev.afl.evaluation.CostLedger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceListTest {

    private final PriceList list = PriceList.defaults();

    @Test
    void theLongestMatchingModelStartWins() {
        PriceList.ModelPrice mini = list.lookup("gpt-4o-mini-2024-07-18").orElseThrow();
        assertThat(mini.model()).isEqualTo("gpt-4o-mini");
        assertThat(mini.online()).isEqualTo(new CostLedger.Prices(0.15, 0.60));
        assertThat(mini.batch()).isEqualTo(new CostLedger.Prices(0.075, 0.30));
        assertThat(list.lookup("gpt-4o-2024-08-06").orElseThrow().model()).isEqualTo("gpt-4o");
        assertThat(list.lookup("GPT-4.1-mini").orElseThrow().model()).isEqualTo("gpt-4.1-mini");
        assertThat(list.lookup("openai/gpt-4.1").orElseThrow().model()).isEqualTo("gpt-4.1");
    }

    @Test
    void bedrockIdsMatchWithOrWithoutACrossRegionPrefix() {
        assertThat(list.lookup("anthropic.claude-3-haiku-20240307-v1:0").orElseThrow().online())
                .isEqualTo(new CostLedger.Prices(0.25, 1.25));
        assertThat(list.lookup("us.anthropic.claude-3-5-haiku-20241022-v1:0").orElseThrow().model())
                .isEqualTo("anthropic.claude-3-5-haiku");
        assertThat(list.lookup("eu.amazon.nova-micro-v1:0").orElseThrow().model()).isEqualTo("amazon.nova-micro");
        assertThat(list.lookup("meta.llama3-1-70b-instruct-v1:0").orElseThrow().model())
                .isEqualTo("meta.llama3-1-70b-instruct");
        assertThat(list.lookup("meta.llama3-2-3b-instruct-v1:0").orElseThrow().batch()).as("no batch price listed")
                .isNull();
    }

    @Test
    void everyListedBatchPriceIsBelowItsOnlinePrice() {
        for (String model : new String[] {"gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
                "anthropic.claude-3-haiku", "anthropic.claude-3-5-sonnet", "amazon.nova-pro"}) {
            PriceList.ModelPrice price = list.lookup(model).orElseThrow();
            assertThat(price.batch().inputPerMillion()).as(model).isLessThan(price.online().inputPerMillion());
            assertThat(price.batch().outputPerMillion()).as(model).isLessThan(price.online().outputPerMillion());
        }
    }

    @Test
    void anUnknownModelHasNoPriceAndTheEstimateSaysHowToGiveOne() {
        assertThat(list.lookup("my-local-llama")).isEmpty();
        EstimatePrices.AgentPrices unknown = EstimatePrices.AgentPrices.of("my-local-llama", list, null, null, null,
                null);
        assertThat(unknown.online()).isNull();
        assertThat(unknown.batch()).isNull();
        EstimatePrices prices = new EstimatePrices(unknown, unknown);
        assertThat(prices.description()).contains("my-local-llama: no online price known, no batch price known",
                "--price-input", "--price-output", "--price-batch-input", "--price-batch-output");
        CostEstimate estimate = prices.estimate(Map.of("recommender", new TokenTally.Trajectories(
                new Use(1, 1000, 80), new Use(2, 2000, 160), new Use(4, 4000, 320))), "basis");
        assertThat(estimate.online()).as("tokens without a price: no cost").isNull();
        assertThat(estimate.expected()).isEqualTo(new Use(2, 2000, 160));
    }

    @Test
    void theCommandsPricesWinOverTheList() {
        EstimatePrices.AgentPrices given = EstimatePrices.AgentPrices.of("gpt-4o-mini", list, 1.0, null, null, 0.5);
        assertThat(given.online()).isEqualTo(new CostLedger.Prices(1.0, 0.60));
        assertThat(given.batch()).isEqualTo(new CostLedger.Prices(0.075, 0.5));
        EstimatePrices.AgentPrices unlisted = EstimatePrices.AgentPrices.of("my-local-llama", list, 0.1, 0.2, null,
                null);
        assertThat(unlisted.online()).isEqualTo(new CostLedger.Prices(0.1, 0.2));
        assertThat(unlisted.batch()).isNull();
        CostEstimate estimate = new EstimatePrices(unlisted, unlisted).estimate(Map.of("recommender",
                new TokenTally.Trajectories(new Use(1, 1_000_000, 0), new Use(1, 1_000_000, 0),
                        new Use(2, 2_000_000, 1_000_000))), "basis");
        assertThat(estimate.online().expected()).isEqualTo(0.1);
        assertThat(estimate.online().high()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(estimate.batch()).isNull();
    }

    @Test
    void aBrokenLineIsNamed() {
        assertThatThrownBy(() -> PriceList.parse("model,input,output,batch_input,batch_output\ngpt-x,1,2\n"))
                .hasMessageContaining("line 2").hasMessageContaining("expected 5 cells");
    }
}

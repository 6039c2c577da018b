package dev.afl.cli.estimate;

import dev.afl.AflException;
import dev.afl.evaluation.CostLedger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The default LLM prices, read from the one documented file {@value #RESOURCE}: online and batch prices per
 * million tokens for common models, looked up by the longest model-id start that matches.
 */
public final class PriceList {

    public static final String RESOURCE = "prices/llm-prices.csv";
    private static final List<String> REGION_PREFIXES = List.of("us.", "eu.", "apac.", "global.");

    /**
     * One model's prices.
     *
     * @param model  the model-id start the prices are listed under
     * @param batch  the batch prices, or null where the list has none
     */
    public record ModelPrice(String model, CostLedger.Prices online, CostLedger.Prices batch) {
    }

    private final List<ModelPrice> prices;

    PriceList(List<ModelPrice> prices) {
        this.prices = List.copyOf(prices);
    }

    /** The list shipped with the CLI. */
    public static PriceList defaults() {
        try (InputStream in = PriceList.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new AflException("The price list " + RESOURCE + " is missing from the application: rebuild it.");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AflException("Cannot read the price list " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Lines {@code model,input,output,batch_input,batch_output}; {@code #} comments and the header skipped. */
    static PriceList parse(String text) {
        List<ModelPrice> prices = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("model,")) {
                continue;
            }
            String[] cells = trimmed.split(",", -1);
            if (cells.length != 5) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": expected 5 cells, got " + cells.length);
            }
            CostLedger.Prices online = new CostLedger.Prices(Double.parseDouble(cells[1]), Double.parseDouble(cells[2]));
            CostLedger.Prices batch = cells[3].isBlank() || cells[4].isBlank() ? null
                    : new CostLedger.Prices(Double.parseDouble(cells[3]), Double.parseDouble(cells[4]));
            prices.add(new ModelPrice(cells[0].strip().toLowerCase(Locale.ROOT), online, batch));
        }
        return new PriceList(prices);
    }

    /** The prices of {@code model}: the entry with the longest model-id start that matches, if any. */
    public Optional<ModelPrice> lookup(String model) {
        String name = ChatTokenCounter.bareName(model);
        for (String region : REGION_PREFIXES) {
            if (name.startsWith(region)) {
                name = name.substring(region.length());
                break;
            }
        }
        ModelPrice best = null;
        for (ModelPrice price : prices) {
            if (name.startsWith(price.model()) && (best == null || price.model().length() > best.model().length())) {
                best = price;
            }
        }
        return Optional.ofNullable(best);
    }
}

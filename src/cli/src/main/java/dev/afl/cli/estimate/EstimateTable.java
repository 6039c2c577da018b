package dev.afl.cli.estimate;

import dev.afl.evaluation.CostEstimate;
import dev.afl.evaluation.CostEstimate.Use;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The estimate as the command prints it: a Markdown table, one row per configuration and a total, each figure the
 * expected one with its range [low .. high], then how it was counted.
 */
public final class EstimateTable {

    private EstimateTable() {
    }

    public static String render(Map<String, CostEstimate> estimates, String basis) {
        StringBuilder text = new StringBuilder("| Configuration | Requests | Input tokens | Output tokens | Online USD"
                + " | Batch USD |\n|---|---:|---:|---:|---:|---:|\n");
        Use low = Use.NONE;
        Use expected = Use.NONE;
        Use high = Use.NONE;
        CostEstimate.Cost online = new CostEstimate.Cost(0, 0, 0);
        CostEstimate.Cost batch = new CostEstimate.Cost(0, 0, 0);
        for (Map.Entry<String, CostEstimate> entry : estimates.entrySet()) {
            CostEstimate e = entry.getValue();
            text.append(row(entry.getKey(), e.low(), e.expected(), e.high(), e.online(), e.batch()));
            low = low.plus(e.low());
            expected = expected.plus(e.expected());
            high = high.plus(e.high());
            online = online == null || e.online() == null ? null : online.plus(e.online());
            batch = batch == null || e.batch() == null ? null : batch.plus(e.batch());
        }
        text.append(row("**Total**", low, expected, high, online, batch));
        text.append("\nEach figure: expected [every session ends in round 1 .. every session runs to the round limit].\n")
                .append(basis).append('\n');
        return text.toString();
    }

    private static String row(String name, Use low, Use expected, Use high, CostEstimate.Cost online,
            CostEstimate.Cost batch) {
        return "| " + name + " | " + range(low, expected, high, Use::requests) + " | "
                + range(low, expected, high, Use::inputTokens) + " | " + range(low, expected, high, Use::outputTokens)
                + " | " + usd(online) + " | " + usd(batch) + " |\n";
    }

    private static String range(Use low, Use expected, Use high, ToLongFunction<Use> figure) {
        return String.format(Locale.ROOT, "%,d [%,d .. %,d]", figure.applyAsLong(expected), figure.applyAsLong(low),
                figure.applyAsLong(high));
    }

    private static String usd(CostEstimate.Cost cost) {
        return cost == null ? "no price" : String.format(Locale.ROOT, "%.4f [%.4f .. %.4f]", cost.expected(),
                cost.low(), cost.high());
    }
}

package dev.afl.evaluation.report;

import static dev.afl.evaluation.report.ReportNumbers.count;
import static dev.afl.evaluation.report.ReportNumbers.countOf;
import static dev.afl.evaluation.report.ReportNumbers.estimate;
import static dev.afl.evaluation.report.ReportNumbers.ratio;
import static dev.afl.evaluation.report.ReportNumbers.usd;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.recommendation.RepeatResult;
import dev.afl.evaluation.recommendation.RepeatRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report's repeat-run reliability section ({@code experiment --repeats k}): each LLM configuration's HitRatio@1 in
 * every repeat, their mean and spread, pass^k and the share of answers that changed; and which configurations ran
 * once, and why. No section for a run without repeats.
 */
final class RepeatSection {

    private RepeatSection() {
    }

    static String render(RepeatRuns repeats) {
        if (repeats == null) {
            return "";
        }
        int k = repeats.repeats();
        StringBuilder text = new StringBuilder("### Repeat-run reliability\n\n");
        text.append("`--repeats ").append(k).append("`: each configuration whose answers an LLM samples ran ")
                .append(k).append(" times on the same cases, repeat r asking with sampling seed ")
                .append(repeats.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .append(" (the request's `seed` field; the temperature as configured). ");
        if (repeats.configurations().isEmpty()) {
            return text.append("No configuration of this run does: ").append(repeats.ranOnceBecause())
                    .append(". Every configuration ran once.\n").toString();
        }
        text.append("""
                HitRatio@1 per repeat is computed as in the Recommendation table (repeat 1 is the run those tables \
                show). Spread: the standard deviation of the repeats' HitRatio@1, how far one run's figure moves from \
                the next. pass^%d: the share of cases hit in all %d runs. Changed: the share of cases whose final \
                answer is not the same item in every run. Every 95%% CI is a bootstrap over test rows: a row's cases \
                in every repeat are resampled together, the repeats are not counted as extra cases.

                """.formatted(k, k));
        MarkdownTable table = new MarkdownTable("Method", "Model", "Position", "Cases / rows",
                "HitRatio@1 per repeat (seed)", "Mean HitRatio@1 [95% CI]", "Spread (SD) [95% CI]",
                "pass^" + k + " [95% CI]", "Answer changed [95% CI]", "LLM calls, all repeats",
                "Cost (USD), all repeats");
        for (RepeatResult r : repeats.configurations()) {
            List<String> perRepeat = new ArrayList<>();
            for (int i = 0; i < r.repeats(); i++) {
                Estimate hit = r.hitRatios().get(i);
                perRepeat.add(ratio(hit.mean()) + (r.cases() == r.rows() ? " (" + r.hits().get(i) + "/" + r.cases()
                        + ")" : "") + " s" + r.seeds().get(i));
            }
            long calls = r.ledgers().stream().mapToLong(CostLedger::llmCalls).sum();
            double cost = r.ledgers().stream().mapToDouble(CostLedger::costUsd).sum();
            table.row(r.methodLabel(), r.recommendationModel(), r.position(), count(r.cases()) + " / " + count(r.rows()),
                    String.join("; ", perRepeat), estimate(r.meanHitRatio()), estimate(r.spread()),
                    countOf(r.passAllCases(), r.cases(), r.passAll()),
                    countOf(r.answerChangedCases(), r.cases(), r.answerChanged()), count(calls), usd(cost));
        }
        text.append(table.render());
        if (!repeats.ranOnce().isEmpty()) {
            int once = repeats.ranOnce().size();
            text.append("\nRan once (").append(once).append(once == 1 ? " configuration: " : " configurations: ")
                    .append(String.join(", ", repeats.ranOnce())).append("): ").append(repeats.ranOnceBecause())
                    .append(".\n");
        }
        return text.toString();
    }
}

package dev.afl.evaluation.report;

import static dev.afl.evaluation.report.ReportNumbers.NOT_AVAILABLE;
import static dev.afl.evaluation.report.ReportNumbers.count;
import static dev.afl.evaluation.report.ReportNumbers.estimate;
import static dev.afl.evaluation.report.ReportNumbers.ratio;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PowerLine;
import dev.afl.evaluation.recommendation.BaselineChoice;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.evaluation.stats.PairedPower;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's sections that say how much an AFL row shows: each AFL row beside the baselines built from its two
 * models alone, with AFL's difference to the best of them and its clustered test; and the power of AFL against the
 * base model, beside the paper's gain.
 */
final class BaselineSection {

    private BaselineSection() {
    }

    static String baselines(List<ConfigurationResult> configurations, List<Comparison> comparisons,
            List<BaselineChoice> baselines) {
        if (baselines == null || baselines.isEmpty()) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of("Model", "AFL"));
        RecommendationMethod.BASELINES.forEach(method -> header.add(method.label()));
        header.addAll(List.of("Best on validation (its validation HitRatio@1)", "AFL - best [95% CI]",
                "Clustered McNemar p", "Sign-flip p", "Tested",
                "Best on test (optimistic): AFL - it [95% CI]"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (BaselineChoice choice : baselines) {
            List<String> cells = new ArrayList<>(List.of(choice.recommendationModel(), hit(configurations, choice.aflId())));
            for (RecommendationMethod method : RecommendationMethod.BASELINES) {
                cells.add(configurations.stream().filter(c -> c.recommendationModel().equals(choice.recommendationModel())
                        && c.method().equals(method.id()) && ConfigurationViews.isAt(c, ConfigurationViews.RANDOM))
                        .findFirst().map(BaselineSection::hitRatio).orElse("not run"));
            }
            Estimate chosenOnValidation = choice.validationHitRatio().get(choice.chosen());
            cells.add(label(choice.chosen()) + " (" + (chosenOnValidation == null ? NOT_AVAILABLE
                    : ratio(chosenOnValidation.mean())) + ")");
            Optional<Comparison> tested = comparisons.stream().filter(c -> c.first().equals(choice.aflId())
                    && c.second().equals(choice.chosenId())).findFirst();
            PairedComparison test = tested.map(Comparison::test).orElse(null);
            cells.add(tested.map(c -> estimate(c.difference())).orElse(NOT_AVAILABLE));
            cells.add(PairedTestCells.clusteredMcNemar(test));
            cells.add(PairedTestCells.signFlip(test));
            cells.add(PairedTestCells.tested(test));
            cells.add(label(choice.testBest()) + ": " + estimate(choice.aflMinusTestBest()));
            table.row(cells.toArray(String[]::new));
        }
        BaselineChoice first = baselines.getFirst();
        return """
                ### AFL against its baselines

                What the loop adds beyond its two models: each AFL row beside three baselines built from the \
                recommendation model and the reward model alone, no agent and no loop (target at a random position; \
                HitRatio@1 with its 95%% CI over rows). *Reward model alone*: its best candidate. *Rank fusion*: \
                reciprocal-rank fusion of the two rankings, 1/(60 + rank) summed, the constant of Cormack et al. \
                (2009), untuned; over 20 candidates it is nearly Borda's sum of ranks, with a lean towards a \
                candidate one model ranks first (ties to the better reward rank). *Model top-5 re-ranked by the \
                reward model*: the reward model's best of the recommendation model's top 5 (the paper's ranker \
                variant without the agent).

                The best baseline is chosen on the validation split (%s cases over %s rows, the same candidate \
                protocol) before any test outcome is read, and AFL minus it is tested with the clustered tests in \
                the recommendation family above (Holm-adjusted with the other comparisons). The baseline best on the \
                test rows is shown as the optimistic comparator, not tested: chosen on the cases it is compared on, \
                it overstates the baselines by the luck of the choice, so AFL minus it understates AFL.

                """.formatted(count(first.validationCases()), count(first.validationRows())) + table.render();
    }

    static String power(List<Comparison> comparisons, List<PowerLine> power) {
        if (power == null || power.isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable("Model", "Comparison", "Rows x cases per row", "Base hit rate",
                "Discordant cases", "Intra-row correlation of the differences",
                "Smallest difference detected (80% power, alpha 0.05)", "Paper's AFL gain (Table 4)",
                "Ours [95% CI]", "Reading");
        for (PowerLine line : power) {
            Optional<Comparison> ours = comparisons.stream().filter(c -> c.first().endsWith("/" + line.recommendationModel()
                    + "/afl/random") && c.second().endsWith("/" + line.recommendationModel() + "/base/random")).findFirst();
            table.row(line.recommendationModel(), line.comparison(), count(line.rows()) + " x " + count(line.casesPerRow()),
                    ratio(line.referenceRate()), ratio(line.discordance()), ratio(line.intraRowCorrelation()),
                    line.minimumDetectableDifference() == null ? "n/a: " + line.note()
                            : ratio(line.minimumDetectableDifference()),
                    line.paperDifference() == null ? "-" : signed(line.paperDifference()),
                    ours.map(c -> estimate(c.difference())).orElse("-"), reading(line));
        }
        return """
                ### Power

                The smallest HitRatio@1 difference the clustered McNemar test detects with %.0f%% power at alpha \
                %.2f, for the design these runs have (rows, cases per row, the base model's hit rate, the share of \
                cases where AFL and the base model differ, and how alike a row's differences are), by simulation \
                (`PairedPower`: %,d simulated datasets per difference). Beside it the gain the paper reports for the \
                same model (Table 4, AFL minus Base Model, with an LLM). A gain smaller than the detectable \
                difference can go unnoticed here: "no significant gain" then means "too few rows", not "no gain".

                """.formatted(100 * PairedPower.TARGET_POWER, PairedPower.ALPHA, PairedPower.DEFAULT_SIMULATIONS)
                + table.render();
    }

    private static String reading(PowerLine line) {
        if (line.minimumDetectableDifference() == null) {
            return line.discordance() > 0 ? "too few rows: no difference these cases allow is detected reliably" : "-";
        }
        if (line.paperDifference() == null) {
            return "-";
        }
        return line.paperDifference() >= line.minimumDetectableDifference()
                ? "a gain as large as the paper's would be detected"
                : "a gain as large as the paper's could go undetected with these rows";
    }

    private static String hit(List<ConfigurationResult> configurations, String id) {
        return configurations.stream().filter(c -> id.equals(c.id())).findFirst().map(BaselineSection::hitRatio)
                .orElse("not run");
    }

    private static String hitRatio(ConfigurationResult c) {
        return ReportNumbers.hitRatio(c.hitRatio(), c.hits(), c.cases(), c.oneCasePerRow());
    }

    private static String label(String method) {
        return java.util.Arrays.stream(RecommendationMethod.values()).filter(m -> m.id().equals(method)).findFirst()
                .map(RecommendationMethod::label).orElse(method);
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.4f", value);
    }
}

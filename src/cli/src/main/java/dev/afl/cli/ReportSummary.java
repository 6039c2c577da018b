package dev.afl.cli;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.ProtocolCheck;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RepeatResult;
import dev.afl.evaluation.recommendation.RepeatRuns;
import dev.afl.evaluation.report.ExperimentReport;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.util.Locale;

/** The console summary of an experiment report: one line per configuration and comparison. */
record ReportSummary(ExperimentReport report) {

    String text() {
        StringBuilder out = new StringBuilder(report.title()).append('\n');
        ProtocolCheck check = report.protocolCheck();
        if (check != null) {
            for (ProtocolCheck.CheckpointScore score : check.checkpoints()) {
                out.append(String.format(Locale.ROOT, "protocol check: %s alone %d/%d on the paper's lists%s%n",
                        score.model(), score.hits(), score.rows(), score.expectedHits() == null ? ""
                                : " (expected " + score.expectedHits() + "/" + score.rows() + ")"));
            }
            if (check.priorAnswers() != null) {
                out.append(String.format(Locale.ROOT, "protocol check: %d/%d recorded answers among their row's"
                        + " candidates%n", check.priorAnswers().amongCandidates(), check.priorAnswers().rows()));
            }
        }
        if (!report.recommendation().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-44s %6s  %-34s %-7s %s%n", "configuration", "cases",
                    "HitRatio@1 [95% CI]", "valid", "by round"));
            for (ConfigurationResult r : report.recommendation()) {
                out.append(String.format(Locale.ROOT, "%-44s %6d  %-34s %-7.4f %s%n", r.id(), r.cases(),
                        hitRatio(r), r.validRatio().mean(), r.hitRatioByRound().stream()
                                .map(e -> String.format(Locale.ROOT, "%.3f", e.mean())).toList()));
            }
            for (Comparison c : report.recommendationComparisons()) {
                out.append(String.format(Locale.ROOT, "  %s - %s: %s, %s%n", c.first(), c.second(),
                        format(c.difference()), tests(c.test())));
            }
        }
        RepeatRuns repeats = report.repeats();
        if (repeats != null) {
            out.append(String.format(Locale.ROOT, "repeats: %d runs, seeds %s; %d configurations ran once%n",
                    repeats.repeats(), repeats.seeds(), repeats.ranOnce().size()));
            for (RepeatResult r : repeats.configurations()) {
                out.append(String.format(Locale.ROOT, "  %-42s mean %s  spread %s  pass^%d %s  changed %s%n", r.id(),
                        format(r.meanHitRatio()), format(r.spread()), r.repeats(), format(r.passAll()),
                        format(r.answerChanged())));
            }
        }
        if (!report.userSimulation().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-6s %-14s %6s  %-24s %-24s %-24s%n", "ratio", "method", "users",
                    "precision [95% CI]", "recall [95% CI]", "F1 [95% CI]"));
            for (UserSimulationResult r : report.userSimulation()) {
                out.append(String.format(Locale.ROOT, "%-6s %-14s %6d  %-24s %-24s %-24s%n", r.ratio(), r.method(),
                        r.users(), format(r.precision()), format(r.recall()), format(r.f1())));
            }
        }
        return out.toString();
    }

    /** With one case per row (the paper's lists), the exact fraction too: 0.2951 (36/122) [0.221, 0.377]. */
    private static String hitRatio(ConfigurationResult r) {
        if (!r.oneCasePerRow() || r.hits() == null) {
            return format(r.hitRatio());
        }
        Estimate e = r.hitRatio();
        return String.format(Locale.ROOT, "%.4f (%d/%d) [%.3f, %.3f]", e.mean(), r.hits(), r.cases(), e.ciLow(),
                e.ciHigh());
    }

    /** The clustered p-values with their Holm adjustments, or why the comparison was not tested. */
    private static String tests(PairedComparison test) {
        if (!test.tested()) {
            return "not tested (" + test.status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        }
        PairedComparison.Tests t = test.tests();
        return "clustered McNemar p=" + p(t.clusteredMcNemar().p()) + " (Holm " + p(t.clusteredMcNemarHolmP())
                + "), sign-flip p=" + p(t.signFlip().p()) + " (Holm " + p(t.signFlipHolmP()) + ")";
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String format(Estimate e) {
        return String.format(Locale.ROOT, "%.4f [%.3f, %.3f]", e.mean(), e.ciLow(), e.ciHigh());
    }
}

package dev.afl.evaluation.report;

import static dev.afl.evaluation.report.ReportNumbers.count;
import static dev.afl.evaluation.report.ReportNumbers.estimate;
import static dev.afl.evaluation.report.ReportNumbers.ratio;

import dev.afl.agent.simulated.SimulatedUserCalibration;
import dev.afl.agent.simulated.SimulatedUserCalibration.JudgeCalibration;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.PowerLine;
import dev.afl.evaluation.mechanism.MechanismBaselines;
import dev.afl.evaluation.mechanism.MechanismResult;
import dev.afl.evaluation.mechanism.MechanismRow;
import dev.afl.evaluation.mechanism.StudiedUser;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The mechanism study's Markdown report: what it is and is not, the users, the baselines, the rows, the charts. */
final class MechanismMarkdown {

    static final String MINUS_BEST_CHART = "minus-best";
    static final String WON_CHART = "hits-won";
    static final String LOST_CHART = "hits-lost";
    static final String ROUNDS_CHART = "rounds";

    String render(MechanismReport report, Map<String, String> charts) {
        MechanismResult result = report.result();
        List<String> sections = List.of(header(report), fingerprint(report), headline(result), users(result),
                baselines(result), rows(result, charts), power(result), readingGuide(), manifest(report));
        return sections.stream().filter(section -> !section.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static String header(MechanismReport report) {
        return "# " + report.title() + "\n\n" + (report.generatedAt() == null ? "" : "Generated " + report.generatedAt()
                + ".\n\n") + """
                > **A study of the protocol's dynamics, not evidence about LLM agents.** Both agents are offline and \
                the user is a seeded simulation: what follows shows what the feedback loop does with a user who is \
                right only as often as the reward model allows (the calibrated noisy user) or who judges by \
                information of its own (the independent-information user), at several noise levels. How LLM agents \
                behave in the same loop is a separate question these figures cannot answer.
                """;
    }

    private static String fingerprint(MechanismReport report) {
        MechanismResult r = report.result();
        StringBuilder text = new StringBuilder("## Protocol fingerprint\n\n");
        text.append("- **Dataset**: ").append(r.dataset()).append('\n');
        text.append("- **Candidate protocol**: ").append(ProtocolFingerprint.candidateProtocol(report.manifest()))
                .append('\n');
        text.append("- **Denominators**: ").append(count(r.testRows())).append(" test rows, ")
                .append(count(r.testCases())).append(" test cases; a user whose decisions are drawn plays each case ")
                .append(r.userSeeds()).append(" times (user seeds ").append(r.userSeed()).append("..")
                .append(r.userSeed() + r.userSeeds() - 1).append("), so its rows hold ")
                .append(count(r.testCases() * r.userSeeds())).append(" sessions; the best baseline is chosen on ")
                .append(count(r.baselines().isEmpty() ? 0 : r.baselines().getFirst().validationCases()))
                .append(" validation cases; the users are calibrated on ")
                .append(count(r.calibration().estimatedOn().cases())).append(" validation cases (")
                .append(count(r.calibration().estimatedOn().rows())).append(" rows x ")
                .append(r.calibration().estimatedOn().seeds().size()).append(" seeded draws)\n");
        text.append("- **Split files (sha256, first 12)**: ").append(ProtocolFingerprint.splitFiles(report.manifest()))
                .append('\n');
        text.append("- **Prompt set**: none: no agent of this study reads a prompt\n");
        text.append("- **Agents**: ").append(report.agents()).append(": the offline recommendation agent (the model's")
                .append(" best candidate not yet rejected, preferring candidates the user named) with, in turn, the")
                .append(" offline user, the calibrated noisy user and the independent-information user; round limit ")
                .append(r.maxRounds()).append('\n');
        text.append("- **Noise levels epsilon**: ").append(r.epsilons().stream().map(e -> String.format(Locale.ROOT,
                "%.2f", e)).collect(Collectors.joining(", "))).append(" (the probability that a decision is reversed)\n");
        text.append("- **Run time**: ").append(String.format(Locale.ROOT, "%.1f", r.wallSeconds()))
                .append(" s of wall time for the whole study, from loading the data to the last figure\n");
        return text.toString();
    }

    /** One line per model: how far AFL gets from its best baseline with each user, without noise and at most noise. */
    private static String headline(MechanismResult r) {
        if (r.rows().isEmpty()) {
            return "";
        }
        double low = r.epsilons().getFirst();
        double high = r.epsilons().getLast();
        StringBuilder text = new StringBuilder("## Headline\n\nAFL minus its best baseline (HitRatio@1, 95% CI over"
                + " rows):\n\n");
        for (MechanismBaselines b : r.baselines()) {
            String model = b.recommendationModel();
            text.append("- **").append(model).append("** (best baseline: ").append(label(b.best())).append(", ")
                    .append(estimate(b.test().get(b.best()))).append("): ");
            List<String> parts = new ArrayList<>();
            find(r, model, StudiedUser.OFFLINE, 0).ifPresent(row -> parts.add("offline user " + estimate(row.minusBest())));
            for (StudiedUser user : List.of(StudiedUser.CALIBRATED, StudiedUser.INDEPENDENT)) {
                Optional<MechanismRow> clean = find(r, model, user, low);
                Optional<MechanismRow> noisy = find(r, model, user, high);
                if (clean.isPresent() && noisy.isPresent()) {
                    parts.add(user.id() + " user " + estimate(clean.get().minusBest()) + " at epsilon "
                            + two(low) + ", " + estimate(noisy.get().minusBest()) + " at " + two(high));
                }
            }
            text.append(String.join("; ", parts)).append(".\n");
        }
        long significant = r.rows().stream().filter(row -> row.test() != null && row.test().tested()
                && row.test().tests().clusteredMcNemarHolmP() < 0.05).count();
        long tested = r.rows().stream().filter(row -> row.test() != null && row.test().tested()).count();
        text.append("\n").append(significant).append(" of the ").append(tested)
                .append(" tested rows differ from their best baseline at alpha 0.05 after Holm's adjustment (clustered")
                .append(" McNemar).\n");
        return text.toString();
    }

    private static String users(MechanismResult r) {
        SimulatedUserCalibration c = r.calibration();
        StringBuilder text = new StringBuilder("## The simulated users\n\n");
        text.append("""
                ### Calibrated noisy user

                It accepts a proposal with the probability that the proposal is the true item given its reward rank, \
                as often as the validation cases say the reward model's candidate at that rank is the true item, then \
                reverses the decision with probability epsilon. When it rejects it names the reward model's favourite \
                candidates, as the offline user does. Estimated on the validation split only (%s cases, reward \
                model %s):

                """.formatted(count(c.estimatedOn().cases()), c.rewardModel().name()));
        int ranks = c.trueItemByRewardRank().size();
        String[] header = new String[ranks + 1];
        String[] counts = new String[ranks + 1];
        String[] shares = new String[ranks + 1];
        header[0] = "Reward rank";
        counts[0] = "Validation cases with the true item there";
        shares[0] = "Acceptance probability";
        for (int rank = 1; rank <= ranks; rank++) {
            header[rank] = String.valueOf(rank);
            counts[rank] = count(c.trueItemByRewardRank().get(rank - 1));
            shares[rank] = String.format(Locale.ROOT, "%.3f", c.rankCalibration().trueItemProbability(rank));
        }
        text.append(new MarkdownTable(header).row(counts).row(shares).render());
        JudgeCalibration j = c.judgeModel();
        text.append("""

                ### Independent-information user

                It judges with its own model, %s, and never reads the reward model's score: it accepts what its model \
                ranks first and, when it rejects, names its own favourites; each decision is reversed with \
                probability epsilon. MoRec adds to the interactions the reward model learnt from the items' titles \
                through a text encoder pretrained on other data: the nearest thing without an LLM to the world \
                knowledge an LLM user brings. It shares the interactions with the reward model, so its errors are not \
                independent of the reward model's; a recommender trained on half of the training users would see \
                strictly less than the reward model (which saw all of them), not something else. On the validation \
                split (%s cases):

                """.formatted(j.name(), count(c.estimatedOn().cases())));
        text.append(new MarkdownTable("Figure", "Value")
                .row("Its top-1 is the reward model's top-1", ratio(j.top1AgreementWithReward()))
                .row("Its HitRatio@1 (the reward model's)", ratio(j.hitRatioAt1()) + " (" + ratio(j.rewardHitRatioAt1())
                        + ")")
                .row("Right where the reward model is wrong", ratio(j.rightWhereRewardWrong()))
                .row("Like threshold (user simulation, chosen at " + j.ratio() + ")", String.format(Locale.ROOT,
                        "%.4f (validation F1 %.4f over %s judgements)", j.likeThreshold(), j.likeThresholdValidF1(),
                        count(j.likeThresholdJudgements())))
                .render());
        text.append("\nIn the loop, the share of its decisions that differ from the reward model's verdict (accept the"
                + " reward model's top-1 only) is the last column of the table below.\n");
        return text.toString();
    }

    private static String baselines(MechanismResult r) {
        List<String> header = new ArrayList<>(List.of("Model", "Base model (test)"));
        RecommendationMethod.BASELINES.forEach(m -> header.add(m.label() + " (test)"));
        RecommendationMethod.BASELINES.forEach(m -> header.add(m.label() + " (validation)"));
        header.add("Best on validation");
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (MechanismBaselines b : r.baselines()) {
            List<String> cells = new ArrayList<>(List.of(b.recommendationModel(),
                    hit(b.test().get(RecommendationMethod.BASE.id()), b.testHits().get(RecommendationMethod.BASE.id()),
                            r)));
            RecommendationMethod.BASELINES.forEach(m -> cells.add(hit(b.test().get(m.id()), b.testHits().get(m.id()), r)));
            RecommendationMethod.BASELINES.forEach(m -> cells.add(estimate(b.validation().get(m.id()))));
            cells.add(label(b.best()));
            table.row(cells.toArray(String[]::new));
        }
        return """
                ## Baselines

                The recommendation model alone and the three baselines of the two models without the loop \
                (`docs/EVALUATION.md`: the reward model alone; reciprocal-rank fusion of the two rankings, k = 60; \
                the model's top 5 re-ranked by the reward model), HitRatio@1 with its 95%% CI over rows. The best on \
                the validation split (%s cases) is what every AFL row of the model is compared with.

                """.formatted(count(r.baselines().isEmpty() ? 0 : r.baselines().getFirst().validationCases()))
                + table.render();
    }

    private static String rows(MechanismResult r, Map<String, String> charts) {
        MarkdownTable table = new MarkdownTable("Model", "User", "epsilon", "Rows x sessions per row",
                "AFL HitRatio@1 [95% CI]", "AFL - best baseline [95% CI]", "Clustered McNemar p", "Sign-flip p",
                "Tested", "Rounds used [95% CI]", "Moved away from the model's first choice [95% CI]",
                "Moved to the true item (hit won)", "Moved off the true item (hit lost)",
                "Decisions against the reward model's verdict");
        for (MechanismRow row : r.rows()) {
            PairedComparison test = row.test();
            table.row(row.recommendationModel(), row.userLabel(), two(row.epsilon()),
                    count(row.rows()) + " x " + row.userSeeds(),
                    ReportNumbers.hitRatio(row.hitRatio(), row.hits(), row.sessions(), true), estimate(row.minusBest()),
                    PairedTestCells.clusteredMcNemar(test), PairedTestCells.signFlip(test), PairedTestCells.tested(test),
                    ReportNumbers.estimateTwoDecimals(row.meanRounds()), estimate(row.movedAway()),
                    estimate(row.movedAndRight()), estimate(row.movedAndLost()), estimate(row.againstReward()));
        }
        int tested = PairedTestCells.familySize(r.rows().stream().map(MechanismRow::test).toList());
        StringBuilder text = new StringBuilder("""
                ## AFL with each user

                One row per recommendation model, user and noise level. A user whose decisions are drawn plays every \
                test case once per user seed and a row's sessions are averaged first, so every CI resamples rows and \
                every test takes the row as its unit (clustered McNemar, sign-flip on the rows' mean differences). %s \
                *Moved away*: the final answer is not the recommendation model's first choice (the loop's round-1 \
                proposal); *hit won*: it moved to the true item; *hit lost*: it moved off a first choice that was the \
                true item. *Decisions against the reward model's verdict*: the user's decisions that differ from \
                accepting exactly the reward model's top-1, of all its decisions.

                """.formatted(PairedTestCells.holmSentence(tested))).append(table.render());
        MarkdownReport.image(text, charts, MINUS_BEST_CHART, "AFL minus its best baseline by noise level");
        MarkdownReport.image(text, charts, WON_CHART, "Moved to the true item (hits won) by noise level");
        MarkdownReport.image(text, charts, LOST_CHART, "Moved off the true item (hits lost) by noise level");
        MarkdownReport.image(text, charts, ROUNDS_CHART, "Rounds used by noise level");
        return text.toString();
    }

    private static String power(MechanismResult r) {
        if (r.power().isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable("Model", "Comparison", "Rows x sessions per row", "Baseline hit rate",
                "Discordant sessions", "Intra-row correlation of the differences",
                "Smallest difference detected (80% power, alpha 0.05)");
        for (PowerLine line : r.power()) {
            table.row(line.recommendationModel(), line.comparison(), count(line.rows()) + " x " + line.casesPerRow(),
                    ratio(line.referenceRate()), ratio(line.discordance()), ratio(line.intraRowCorrelation()),
                    line.minimumDetectableDifference() == null ? "n/a: " + line.note()
                            : ratio(line.minimumDetectableDifference()));
        }
        return """
                ## Power

                The smallest difference from the best baseline the clustered test detects with 80% power at alpha \
                0.05 for the design of the calibrated user's rows (by simulation, from the observed intra-row \
                correlation of the differences): a difference smaller than this can go unnoticed with these rows.

                """ + table.render();
    }

    private static String readingGuide() {
        return """
                ## What this shows and what it does not

                - It shows what the protocol does when the user is not the reward model: how often the loop leaves \
                the recommendation model's first choice, whether it leaves it for the true item or away from it, \
                how many rounds it spends, and whether its final answer beats what the two models give without the \
                loop. The offline user row is the reference: that user is the reward model's verdict, so its AFL is \
                re-ranking by the reward model.
                - It does not show how LLM agents behave: an LLM recommender reads the user's reasons differently \
                from the offline agent's name matching, and an LLM user's errors are neither calibrated to the \
                reward ranks nor those of MoRec. The paper's LLM gains are neither confirmed nor refuted here.
                - The simulated users are seeded per decision: a rerun with the same seeds gives the same sessions.
                """;
    }

    private static String manifest(MechanismReport report) {
        if (report.manifest() == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("## Manifest\n\n");
        text.append("- **Code version**: ").append(report.manifest().codeVersion()).append('\n');
        text.append("- **Candidate lists**: ").append(report.manifest().candidateLists()).append('\n');
        MarkdownTable models = new MarkdownTable("Model", "sha256 (first 12)");
        report.manifest().modelSha256().forEach((name, sha) -> models.row(name, sha.length() > 12 ? sha.substring(0, 12)
                : sha));
        text.append("\n**Models**\n\n").append(models.render());
        return text.toString();
    }

    private static Optional<MechanismRow> find(MechanismResult r, String model, StudiedUser user, double epsilon) {
        return r.rows().stream().filter(row -> row.recommendationModel().equals(model) && row.user().equals(user.id())
                && Math.abs(row.epsilon() - epsilon) < 1e-9).findFirst();
    }

    private static String hit(Estimate estimate, Integer hits, MechanismResult r) {
        return ReportNumbers.hitRatio(estimate, hits, r.testCases(), r.testCases() == r.testRows());
    }

    private static String label(String method) {
        return Arrays.stream(RecommendationMethod.values()).filter(m -> m.id().equals(method)).findFirst()
                .map(RecommendationMethod::label).orElse(method);
    }

    private static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}

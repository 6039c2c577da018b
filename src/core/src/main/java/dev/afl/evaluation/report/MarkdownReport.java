package dev.afl.evaluation.report;

import static dev.afl.evaluation.report.ReportNumbers.NOT_AVAILABLE;
import static dev.afl.evaluation.report.ReportNumbers.count;
import static dev.afl.evaluation.report.ReportNumbers.countOf;
import static dev.afl.evaluation.report.ReportNumbers.estimate;
import static dev.afl.evaluation.report.ReportNumbers.ratio;
import static dev.afl.evaluation.report.ReportNumbers.twoDecimals;
import static dev.afl.evaluation.report.ReportNumbers.usd;

import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PairedComparison;
import dev.afl.evaluation.ProtocolCheck;
import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.recommendation.Comparison;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.ConfigurationResult.RoundAudit;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.evaluation.report.ConfigurationViews.PopularityView;
import dev.afl.evaluation.report.ConfigurationViews.PositionGroup;
import dev.afl.evaluation.usersim.UserSimulationComparison;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Markdown text of an experiment report: what was run, the recommendation and user-simulation tables, the
 * bias analyses with their charts, the paper's figures beside ours, and the run manifest. A family or analysis
 * with no data has no section.
 */
public final class MarkdownReport {

    /** Names of the charts the report can link, as keys of the chart files passed to {@link #render}. */
    public static final String ROUNDS_CURVE_CHART = "rounds-curve";
    public static final String POPULARITY_CHART = "popularity";
    public static final String POSITION_CHART = "position";
    public static final String USER_SIMULATION_ROUNDS_CHART = "user-simulation-rounds";

    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{13,}");
    private static final int SHORT_DIGEST = 12;

    /**
     * @param chartFiles chart name ({@link #ROUNDS_CURVE_CHART}, ...) to the chart's file name relative to the
     *                   report, only for the charts that were written
     */
    public String render(ExperimentReport report, Map<String, String> chartFiles) {
        List<ConfigurationResult> configurations = orEmpty(report.recommendation());
        Map<String, String> charts = chartFiles == null ? Map.of() : chartFiles;
        List<String> sections = List.of(
                header(report),
                ProtocolFingerprint.render(report),
                whatWasRun(report),
                protocolCheck(report.protocolCheck()),
                recommendation(configurations),
                RepeatSection.render(report.repeats()),
                roundsCurve(configurations, charts),
                userSimulationRounds(orEmpty(report.userSimulation()), charts),
                comparisons(configurations, orEmpty(report.recommendationComparisons())),
                BaselineSection.baselines(configurations, orEmpty(report.recommendationComparisons()),
                        report.baselines()),
                BaselineSection.power(orEmpty(report.recommendationComparisons()), report.power()),
                popularity(configurations, report.targetPopularity(), charts),
                positions(configurations, charts),
                audit(configurations),
                userSimulation(orEmpty(report.userSimulation())),
                userSimulationComparisons(orEmpty(report.userSimulationComparisons())),
                paperFigures(configurations, report.baseline(), report.agents()),
                manifest(report.manifest()));
        return sections.stream().filter(section -> !section.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static String header(ExperimentReport report) {
        String title = report.title() == null || report.title().isBlank() ? "Experiment report" : report.title();
        StringBuilder text = new StringBuilder("# ").append(title).append('\n');
        if (report.generatedAt() != null) {
            text.append("\nGenerated ").append(report.generatedAt()).append(".\n");
        }
        return text.toString();
    }

    private static String whatWasRun(ExperimentReport report) {
        StringBuilder text = new StringBuilder("## What was run\n\n");
        text.append("Dataset: **").append(orNotAvailable(report.dataset())).append("**. Agents: ")
                .append(orNotAvailable(report.agents())).append('.');
        List<ConfigurationResult> configurations = orEmpty(report.recommendation());
        if (!configurations.isEmpty()) {
            text.append(" Recommendation: ").append(configurations.size()).append(" configurations, n = ")
                    .append(range(configurations, ConfigurationResult::cases)).append(" cases over ")
                    .append(range(configurations, ConfigurationResult::rows)).append(" rows each.");
        }
        List<UserSimulationResult> userSimulation = orEmpty(report.userSimulation());
        if (!userSimulation.isEmpty()) {
            text.append(" User simulation: ").append(userSimulation.size()).append(" configurations, n = ")
                    .append(range(userSimulation, UserSimulationResult::users)).append(" users and ")
                    .append(range(userSimulation, UserSimulationResult::judgements)).append(" judgements each.");
        }
        text.append('\n');
        if (report.protocol() != null && !report.protocol().isEmpty()) {
            text.append("\nProtocol:\n\n");
            bullets(text, report.protocol(), "");
        }
        return text.toString();
    }

    private static String protocolCheck(ProtocolCheck check) {
        if (check == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("""
                ## Protocol check

                The paper's candidate lists (one per test row, drawn as the reference code draws them: Python's \
                `random.seed(303)`, `random.sample` and `random.shuffle`, ported to Java) checked the ways only those \
                lists pass.
                """);
        if (!check.checkpoints().isEmpty()) {
            MarkdownTable table = new MarkdownTable("Reference checkpoint", "Model", "Base HitRatio@1 on the paper's lists",
                    "Expected (its PyTorch module on CPython's lists)", "As expected");
            for (ProtocolCheck.CheckpointScore score : check.checkpoints()) {
                table.row(score.checkpoint(), score.model(), ratio(score.rows() == 0 ? Double.NaN
                        : score.hits() / (double) score.rows()) + " (" + score.hits() + "/" + score.rows() + ")",
                        score.expectedHits() == null ? "-" : score.expectedHits() + "/" + score.rows(),
                        score.asExpected() == null ? "-" : score.asExpected() ? "yes" : "**no**");
            }
            text.append('\n').append(table.render());
        }
        ProtocolCheck.PriorAnswers prior = check.priorAnswers();
        if (prior != null) {
            text.append("\nAnswers the reference run recorded (").append(prior.file())
                    .append(", with dropout on, so not the model's top-1) among their row's candidates: **")
                    .append(prior.amongCandidates()).append('/').append(prior.rows()).append("**")
                    .append(prior.missingRows().isEmpty() ? "." : "; not among them: rows "
                            + prior.missingRows().stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + ".")
                    .append(" Lists drawn any other way keep only the answers that are the true item.\n");
        }
        for (String problem : check.problems()) {
            text.append("\nNot checked: ").append(problem).append('\n');
        }
        return text.toString();
    }

    private static String recommendation(List<ConfigurationResult> configurations) {
        if (configurations.isEmpty()) {
            return "";
        }
        boolean estimated = configurations.stream().anyMatch(c -> c.ledger() != null && c.ledger().estimate() != null);
        List<String> header = new ArrayList<>(List.of("Method", "Model", "Position", "Cases / rows",
                "HitRatio@1 [95% CI]", "Valid ratio [95% CI]", "Mean rounds [95% CI]", "LLM calls", "Tokens in / out",
                "Cost (USD)"));
        if (estimated) {
            header.addAll(List.of("Estimated calls [range]", "Estimated tokens in [range]", "Estimated cost (USD)"));
        }
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (ConfigurationResult c : configurations) {
            CostLedger ledger = c.ledger();
            List<String> cells = new ArrayList<>(List.of(c.methodLabel(), c.recommendationModel(), c.position(),
                    count(c.cases()) + " / " + count(c.rows()), hitRatio(c), estimate(c.validRatio()),
                    ReportNumbers.estimateTwoDecimals(c.meanRounds()),
                    ledger == null ? NOT_AVAILABLE : count(ledger.llmCalls()),
                    ledger == null ? NOT_AVAILABLE : count(ledger.inputTokens()) + " / " + count(ledger.outputTokens()),
                    ledger == null ? NOT_AVAILABLE : usd(ledger.costUsd())));
            if (estimated) {
                cells.addAll(estimateCells(ledger == null ? null : ledger.estimate()));
            }
            table.row(cells.toArray(String[]::new));
        }
        return """
                ## Recommendation

                HitRatio@1 is the share of cases whose final answer is the true item, the mean over rows with a \
                bootstrap 95% CI over rows; where every row is one case (the paper's lists) it is shown with its \
                exact fraction, hits/rows. Valid ratio: the share of answers that are the agent's own choice among \
                the candidates.""" + (estimated ? " The estimated columns are what `experiment --estimate`"
                + " expects of the same run (prompts rendered without an LLM, the offline agents' trajectory;"
                + " range: every session ending in round 1 .. every session running to the round limit; re-asks not"
                + " included; cost at online prices)." : "") + "\n\n" + table.render();
    }

    /** The estimate's calls, input tokens and online cost, each expected [low .. high]. */
    private static List<String> estimateCells(dev.afl.evaluation.CostEstimate e) {
        if (e == null) {
            return List.of(NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE);
        }
        return List.of(count(e.expected().requests()) + " [" + count(e.low().requests()) + " .. "
                        + count(e.high().requests()) + "]",
                count(e.expected().inputTokens()) + " [" + count(e.low().inputTokens()) + " .. "
                        + count(e.high().inputTokens()) + "]",
                e.online() == null ? NOT_AVAILABLE : usd(e.online().expected()) + " [" + usd(e.online().low())
                        + " .. " + usd(e.online().high()) + "]");
    }

    private static String roundsCurve(List<ConfigurationResult> configurations, Map<String, String> charts) {
        List<ConfigurationResult> loops = ConfigurationViews.loopsAtRandom(configurations);
        if (loops.isEmpty()) {
            return "";
        }
        int maxRounds = ConfigurationViews.maxRounds(loops);
        String[] header = new String[maxRounds + 1];
        header[0] = "Configuration";
        for (int round = 1; round <= maxRounds; round++) {
            header[round] = "Round " + round;
        }
        MarkdownTable table = new MarkdownTable(header);
        for (ConfigurationResult loop : loops) {
            String[] cells = new String[maxRounds + 1];
            cells[0] = ConfigurationViews.label(loop);
            for (int round = 1; round <= maxRounds; round++) {
                cells[round] = round <= loop.hitRatioByRound().size() ? hitRatioAfter(loop, round) : "-";
            }
            table.row(cells);
        }
        StringBuilder text = new StringBuilder("""
                ### HitRatio@1 by round

                HitRatio@1 had the loop stopped after each round (target at a random position), with its 95% CI.

                """).append(table.render());
        List<String> references = new ArrayList<>();
        for (String model : ConfigurationViews.models(loops)) {
            ConfigurationViews.atRandom(configurations, model, ConfigurationViews.BASE_METHOD)
                    .ifPresent(base -> references.add(model + " " + hitRatio(base)));
        }
        if (!references.isEmpty()) {
            text.append("\nBase model for reference (dashed in the chart): ").append(String.join("; ", references))
                    .append(".\n");
        }
        image(text, charts, ROUNDS_CURVE_CHART, "HitRatio@1 by round");
        return text.toString();
    }

    /** Figure 4b: the user agent's F1 after each round of the loop, beside its F1 without the loop's memory. */
    private static String userSimulationRounds(List<UserSimulationResult> results, Map<String, String> charts) {
        List<UserSimulationResult> afl = results.stream().filter(r -> r.f1ByRound() != null && !r.f1ByRound().isEmpty())
                .toList();
        if (afl.isEmpty()) {
            return "";
        }
        int rounds = afl.stream().mapToInt(r -> r.f1ByRound().size()).max().orElse(0);
        List<String> header = new ArrayList<>(List.of("Ratio", "Users / judgements"));
        for (int round = 1; round <= rounds; round++) {
            header.add("After round " + round);
        }
        header.add("User Agent, no memory");
        header.add("Reward Model");
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (UserSimulationResult r : afl) {
            List<String> cells = new ArrayList<>(List.of(r.ratio(), count(r.users()) + " / " + count(r.judgements())));
            for (int round = 1; round <= rounds; round++) {
                cells.add(round <= r.f1ByRound().size() ? estimate(r.f1ByRound().get(round - 1)) : "-");
            }
            cells.add(sameRatio(results, r.ratio(), "user-agent").map(u -> estimate(u.f1())).orElse("-"));
            cells.add(sameRatio(results, r.ratio(), "reward-model").map(u -> estimate(u.f1())).orElse("-"));
            table.row(cells.toArray(String[]::new));
        }
        StringBuilder text = new StringBuilder("""
                ### User-simulation F1 by round (Figure 4b)

                The micro F1 of the user agent's like/dislike judgements after r rounds of the feedback loop: the \
                loop is played once per user and the agent judges with its memory of the rounds rejected up to r (a \
                session that ended earlier keeps its last memory), with a 95% CI resampling users. Beside it, the \
                same agent without the loop's memory and the reward model. An agent that does not read its memory \
                (the offline and simulated users) gives a flat curve by construction.

                """).append(table.render());
        image(text, charts, USER_SIMULATION_ROUNDS_CHART, "User-simulation F1 by round");
        return text.toString();
    }

    private static Optional<UserSimulationResult> sameRatio(List<UserSimulationResult> results, String ratio,
            String method) {
        return results.stream().filter(r -> ratio.equals(r.ratio()) && method.equals(r.method())).findFirst();
    }

    private static String comparisons(List<ConfigurationResult> configurations, List<Comparison> comparisons) {
        if (comparisons.isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable("First", "Second", "Cases", "Difference [95% CI]",
                "Only first / only second hits", "Rows that differ", "Clustered McNemar p", "Sign-flip p", "Tested");
        for (Comparison comparison : comparisons) {
            PairedComparison test = comparison.test();
            table.row(describe(configurations, comparison.first()), describe(configurations, comparison.second()),
                    count(comparison.cases()), estimate(comparison.difference()), PairedTestCells.discordant(test),
                    PairedTestCells.clustersThatDiffer(test), PairedTestCells.clusteredMcNemar(test),
                    PairedTestCells.signFlip(test), PairedTestCells.tested(test));
        }
        int tested = PairedTestCells.familySize(comparisons.stream().map(Comparison::test).toList());
        return """
                ### Paired comparisons

                HitRatio@1 of the first minus the second on the same cases (the mean over rows of each row's \
                difference), with a bootstrap 95%% CI resampling rows. The tests take the row as the unit of \
                independence, because a row's cases over candidate seeds share its history: Obuchowski's clustered \
                McNemar test, and a sign-flip permutation test of the rows' mean differences (seeded; exact when at \
                most 16 rows differ). %s A comparison identical by construction, by construction the same as one \
                above, or whose outcomes agree on every case is listed but not tested, and is not counted in Holm's \
                family.

                """.formatted(PairedTestCells.holmSentence(tested)) + table.render();
    }

    private static String popularity(List<ConfigurationResult> configurations, Map<String, Estimate> targetPopularity,
            Map<String, String> charts) {
        List<String> header = new ArrayList<>(List.of("Configuration", "Answers", "Cases / rows"));
        ConfigurationViews.POPULARITY_GROUPS.values().forEach(group -> header.add(group + " [95% CI]"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        String targetCases = "-";
        for (ConfigurationResult c : configurations) {
            if (!ConfigurationViews.isAt(c, ConfigurationViews.RANDOM) || !ConfigurationViews.hasPopularity(c)) {
                continue;
            }
            List<Map<String, Estimate>> rounds = c.popularityByRound();
            boolean byRound = ConfigurationViews.usesLoop(c) || rounds.size() > 1;
            String n = count(c.cases()) + " / " + count(c.rows());
            targetCases = n;
            for (int round = 1; round <= rounds.size(); round++) {
                table.row(popularityRow(ConfigurationViews.label(c), byRound ? "after round " + round : "final", n,
                        rounds.get(round - 1)));
            }
        }
        if (table.isEmpty()) {
            return "";
        }
        if (targetPopularity != null && !targetPopularity.isEmpty()) {
            table.row(popularityRow("True items", "-", targetCases, targetPopularity));
        }
        StringBuilder text = new StringBuilder("""
                ### Popularity bias

                Share of the answers (target at a random position) whose item is among the 20% most frequent items \
                of the training interactions, the next 30%, or the remaining 50%, with a bootstrap 95% CI resampling \
                rows; the true items are the reference.

                """).append(table.render());
        Optional<PopularityView> view = ConfigurationViews.popularity(configurations, targetPopularity);
        if (view.isPresent() && charts.containsKey(POPULARITY_CHART)) {
            text.append("\nThe chart shows ").append(view.get().model())
                    .append(": its base model, AFL after each round, and the true items.\n");
        }
        image(text, charts, POPULARITY_CHART, "Popularity of the answers");
        return text.toString();
    }

    private static String[] popularityRow(String configuration, String answers, String cases,
            Map<String, Estimate> shares) {
        List<String> cells = new ArrayList<>(List.of(configuration, answers, cases));
        ConfigurationViews.POPULARITY_GROUPS.keySet().forEach(group -> cells.add(estimate(shares.get(group))));
        return cells.toArray(String[]::new);
    }

    private static String positions(List<ConfigurationResult> configurations, Map<String, String> charts) {
        List<PositionGroup> groups = ConfigurationViews.positionGroups(configurations);
        if (groups.isEmpty()) {
            return "";
        }
        List<String> positions = ConfigurationViews.positions(groups);
        List<String> header = new ArrayList<>(List.of("Method", "Model"));
        positions.forEach(position -> header.add("HitRatio@1, " + position + " [95% CI]"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (PositionGroup group : groups) {
            List<String> cells = new ArrayList<>(List.of(group.methodLabel(), group.model()));
            for (String position : positions) {
                ConfigurationResult run = group.byPosition().get(position);
                cells.add(run == null ? "-" : hitRatio(run));
            }
            table.row(cells.toArray(String[]::new));
        }
        StringBuilder text = new StringBuilder("""
                ### Position bias

                HitRatio@1 with the true item placed first, at a random position, or last among the candidates. \
                In the chart the whiskers are the 95% CI.

                """).append(table.render());
        image(text, charts, POSITION_CHART, "HitRatio@1 by position of the true item");
        return text.toString();
    }

    private static String audit(List<ConfigurationResult> configurations) {
        MarkdownTable table = new MarkdownTable("Configuration", "Round", "Judgements / rows",
                "Accepted share [95% CI]", "Agreement [95% CI]", "High-ranked",
                "Accepted low-ranked, of low judged [95% CI]", "Rejected high-ranked, of high judged [95% CI]",
                "Fallbacks");
        for (ConfigurationResult c : configurations) {
            for (RoundAudit round : orEmpty(c.audit())) {
                table.row(ConfigurationViews.labelWithPosition(c), String.valueOf(round.round()),
                        count(round.judgements()) + " / " + count(round.rows()), estimate(round.acceptedShare()),
                        estimate(round.agreement()), "top " + round.highRankLimit(),
                        ReportNumbers.countOf(round.acceptedLow(), round.lowJudged(), round.acceptedLowShare()),
                        ReportNumbers.countOf(round.rejectedHigh(), round.highJudged(), round.rejectedHighShare()),
                        count(round.fallbacks()));
            }
        }
        if (table.isEmpty()) {
            return "";
        }
        return """
                ### Reward-vs-LLM disagreement audit

                Does the user agent's decision agree with the reward model's ranking? High-ranked items rank within \
                the reward model's top candidates (the offline verdict's threshold), low-ranked items in the bottom \
                half. Accepting a low-ranked item or rejecting a high-ranked one is a disagreement, counted against \
                the low- or high-ranked items judged. Fallbacks are decisions that are the fallback verdict, not the \
                agent's own.

                """ + table.render();
    }

    private static String userSimulation(List<UserSimulationResult> results) {
        if (results.isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable("Ratio", "Method", "Users", "Judgements", "Threshold",
                "Precision (micro)", "Recall (micro)", "F1 (micro)", "Precision (macro)", "Recall (macro)",
                "F1 (macro)", "Liked share", "LLM calls", "Cost (USD)");
        for (UserSimulationResult r : results) {
            boolean macro = r.macro() != null;
            table.row(r.ratio(), r.method(), count(r.users()), count(r.judgements()), ratio(r.threshold()),
                    estimate(r.precision()), estimate(r.recall()), estimate(r.f1()),
                    macro ? estimate(r.macro().precision()) : NOT_AVAILABLE,
                    macro ? estimate(r.macro().recall()) : NOT_AVAILABLE,
                    macro ? estimate(r.macro().f1()) : NOT_AVAILABLE, estimate(r.likedShare()),
                    r.ledger() == null ? NOT_AVAILABLE : count(r.ledger().llmCalls()),
                    r.ledger() == null ? NOT_AVAILABLE : usd(r.ledger().costUsd()));
        }
        return """
                ## User simulation

                Like/dislike judgements of held-out items at each positives:negatives ratio; "like" is the positive \
                class. Every figure has a bootstrap 95% CI resampling users (n = the users column): micro figures \
                pool the judgements; macro figures average the users for whom each is defined ("n/a": defined for \
                none). Threshold: the reward score at or above which an item counts as liked, chosen on validation \
                cases.

                """ + table.render();
    }

    private static String userSimulationComparisons(List<UserSimulationComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable("Ratio", "First", "Second", "Judgements", "F1 difference [95% CI]",
                "Only first / only second right", "Users that differ", "Clustered McNemar p", "Sign-flip p",
                "Tested");
        for (UserSimulationComparison comparison : comparisons) {
            PairedComparison test = comparison.test();
            table.row(comparison.ratio(), comparison.first(), comparison.second(), count(comparison.judgements()),
                    estimate(comparison.f1Difference()), PairedTestCells.discordant(test),
                    PairedTestCells.clustersThatDiffer(test), PairedTestCells.clusteredMcNemar(test),
                    PairedTestCells.signFlip(test), PairedTestCells.tested(test));
        }
        int tested = PairedTestCells.familySize(comparisons.stream().map(UserSimulationComparison::test).toList());
        return """
                ### User-simulation comparisons

                Micro-F1 of the first minus the second on the same judgements, with a 95%% CI resampling users. The \
                tests compare per-judgement correctness with the user as the unit of independence (a user's \
                judgements over candidate seeds share the person): Obuchowski's clustered McNemar test and a \
                sign-flip permutation test of the users' mean differences. %s Comparisons identical by \
                construction or whose judgements agree everywhere are listed but not tested.

                """.formatted(PairedTestCells.holmSentence(tested)) + table.render();
    }

    private static String paperFigures(List<ConfigurationResult> configurations,
            Map<String, Map<String, Double>> baseline, String agents) {
        if (baseline == null || baseline.isEmpty()) {
            return "";
        }
        boolean llm = "llm".equals(agents);
        MarkdownTable table = new MarkdownTable("Method", "Model", "Paper HitRatio@1", "Ours [95% CI]",
                "Ours - paper", "Paper within our CI");
        baseline.forEach((method, byModel) -> orEmpty(byModel).forEach((model, paper) -> {
            Optional<ConfigurationResult> ours = ConfigurationViews.atRandom(configurations, model, method);
            Optional<Estimate> hit = ours.map(ConfigurationResult::hitRatio);
            // The paper's Rec Agent and AFL rows are an LLM's: only LLM agents measure the same thing.
            boolean comparable = llm || ConfigurationViews.BASE_METHOD.equals(method);
            table.row(methodLabel(configurations, method), model, ratio(paper == null ? Double.NaN : paper),
                    ours.map(MarkdownReport::hitRatio).orElse("not run"),
                    comparable ? hit.filter(h -> paper != null).map(h -> signed(h.mean() - paper)).orElse("-") : "-",
                    !comparable ? "not comparable: the paper's figure is an LLM's, ours " + agents
                            : hit.filter(h -> paper != null)
                                    .map(h -> paper >= h.ciLow() && paper <= h.ciHigh() ? "yes" : "no").orElse("-"));
        }));
        if (table.isEmpty()) {
            return "";
        }
        return """
                ## Paper figures

                HitRatio@1 as the paper reports it, next to ours for the same method and model (target at a random \
                position). The paper's Rec Agent and AFL figures come from GPT-4o-mini agents; they are set beside \
                ours only when our agents are LLMs too. The Base Model rows compare models with models.

                """ + table.render();
    }

    private static String manifest(RunManifest manifest) {
        if (manifest == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("## Manifest\n\n");
        text.append("- **Code version**: ").append(orNotAvailable(manifest.codeVersion())).append('\n');
        if (manifest.createdAt() != null) {
            text.append("- **Created at**: ").append(manifest.createdAt()).append('\n');
        }
        if (manifest.candidateLists() != null) {
            text.append("- **Candidate lists**: ").append(manifest.candidateLists()).append('\n');
        }
        text.append("- **Seeds**: ").append(manifest.seeds() == null || manifest.seeds().isEmpty() ? "none"
                : manifest.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "))).append('\n');
        if (manifest.promptSet() != null) {
            text.append("- **Prompt set**: ").append(manifest.promptSet()).append('\n');
        }
        digestTable(text, "Models", "Model", manifest.modelSha256());
        digestTable(text, "Prompt resources", "Resource", manifest.promptTemplateSha256());
        if (manifest.llmModels() != null && !manifest.llmModels().isEmpty()) {
            MarkdownTable models = new MarkdownTable("Role", "Model");
            manifest.llmModels().forEach(models::row);
            text.append("\n**LLM models**\n\n").append(models.render());
        }
        digestTable(text, "Dataset files", "File", manifest.datasetFileSha256());
        return text.toString();
    }

    private static void digestTable(StringBuilder text, String caption, String column, Map<String, String> digests) {
        if (digests == null || digests.isEmpty()) {
            return;
        }
        MarkdownTable table = new MarkdownTable(column, "sha256 (first " + SHORT_DIGEST + ")");
        digests.forEach((name, digest) -> table.row(name, shortDigest(digest)));
        text.append("\n**").append(caption).append("**\n\n").append(table.render());
    }

    /** Only a hex digest is shortened: anything else (an "unreadable: ..." note) is shown whole. */
    private static String shortDigest(String digest) {
        return digest != null && HEX_DIGEST.matcher(digest).matches() ? digest.substring(0, SHORT_DIGEST)
                : orNotAvailable(digest);
    }

    static void image(StringBuilder text, Map<String, String> charts, String chart, String alt) {
        String file = charts.get(chart);
        if (file != null) {
            // Angle brackets keep a file name with spaces one link target.
            String target = file.contains(" ") ? "<" + file + ">" : file;
            text.append("\n![").append(alt).append("](").append(target).append(")\n");
        }
    }

    private static void bullets(StringBuilder text, Map<?, ?> values, String indent) {
        values.forEach((key, value) -> {
            text.append(indent).append("- **").append(key).append("**:");
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                text.append('\n');
                bullets(text, nested, indent + "  ");
            } else {
                text.append(' ').append(inline(value)).append('\n');
            }
        });
    }

    private static String inline(Object value) {
        return switch (value) {
            case null -> NOT_AVAILABLE;
            case Collection<?> values -> values.isEmpty() ? "none"
                    : values.stream().map(MarkdownReport::inline).collect(Collectors.joining(", "));
            case Object[] values -> inline(Arrays.asList(values));
            case Map<?, ?> map when map.isEmpty() -> "none";
            default -> String.valueOf(value);
        };
    }

    private static String hitRatio(ConfigurationResult c) {
        return ReportNumbers.hitRatio(c.hitRatio(), c.hits(), c.cases(), c.oneCasePerRow());
    }

    private static String hitRatioAfter(ConfigurationResult c, int round) {
        List<Integer> hits = c.hitsByRound();
        return ReportNumbers.hitRatio(c.hitRatioByRound().get(round - 1),
                hits == null || hits.size() < round ? null : hits.get(round - 1), c.cases(), c.oneCasePerRow());
    }

    private static String describe(List<ConfigurationResult> configurations, String id) {
        return configurations.stream().filter(c -> c.id() != null && c.id().equals(id)).findFirst()
                .map(ConfigurationViews::labelWithPosition).orElse(id);
    }

    private static String methodLabel(List<ConfigurationResult> configurations, String method) {
        return configurations.stream().filter(c -> method.equals(c.method())).findFirst()
                .map(ConfigurationResult::methodLabel)
                .or(() -> Arrays.stream(RecommendationMethod.values()).filter(m -> m.id().equals(method)).findFirst()
                        .map(RecommendationMethod::label))
                .orElse(method);
    }

    private static <T> String range(List<T> results, ToIntFunction<T> size) {
        IntSummaryStatistics sizes = results.stream().mapToInt(size).summaryStatistics();
        return sizes.getMin() == sizes.getMax() ? count(sizes.getMin())
                : count(sizes.getMin()) + " to " + count(sizes.getMax());
    }

    private static String signed(double value) {
        return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%+.4f", value);
    }

    private static String orNotAvailable(String value) {
        return value == null || value.isBlank() ? NOT_AVAILABLE : value;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> values) {
        return values == null ? Map.of() : values;
    }
}

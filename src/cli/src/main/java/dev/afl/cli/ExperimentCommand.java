package dev.afl.cli;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmOnlyModel;
import dev.afl.agent.llm.batch.BatchRun;
import dev.afl.app.AflConfig;
import dev.afl.app.AgentFactory;
import dev.afl.app.BatchLlms;
import dev.afl.app.RecommendationModels;
import dev.afl.cli.estimate.EstimateAgents;
import dev.afl.cli.estimate.EstimateTable;
import dev.afl.cli.estimate.ReplySizes;
import dev.afl.cli.estimate.RunEstimate;
import dev.afl.data.DataLocation;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.CaseRunner;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.LoopSetup;
import dev.afl.evaluation.PaperFigures;
import dev.afl.evaluation.PaperListsCheck;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.ProtocolCheck;
import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.UserSimulationProtocol.Ratio;
import dev.afl.evaluation.UserSimulationProtocol;
import dev.afl.evaluation.recommendation.CaseOutcome;
import dev.afl.evaluation.recommendation.CasePlayer;
import dev.afl.evaluation.recommendation.RecommendationExperiment;
import dev.afl.evaluation.recommendation.RepeatExperiment;
import dev.afl.evaluation.recommendation.RepeatRuns;
import dev.afl.evaluation.report.ExperimentReport;
import dev.afl.evaluation.report.ReportWriter;
import dev.afl.evaluation.stats.SignFlipTest;
import dev.afl.evaluation.usersim.RatingOutcome;
import dev.afl.evaluation.usersim.RatingPlayer;
import dev.afl.evaluation.usersim.UserSimulationExperiment;
import dev.afl.model.CheckpointImporter;
import dev.afl.model.RecommendationModel;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import dev.afl.prompt.PromptLibrary;
import dev.afl.prompt.PromptSet;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The paper's experiments, one family per invocation (or all of them), written as a report folder: results.json,
 * report.md and the charts. Every configuration's cases are appended to a per-case file as they finish, so a
 * killed run resumes where it stopped.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run an experiment family (recommendation, user-simulation, bias, or all) and write its report.")
public class ExperimentCommand implements Callable<Integer> {

    enum Family { recommendation, user_simulation, bias, all, mechanism }

    /** How the LLM calls go out: each as it comes, or round by round as batch jobs. */
    enum LlmMode { online, batch }

    @Parameters(index = "0", paramLabel = "FAMILY",
            description = "recommendation (Tables 4, 6, 7 and the rounds curve), user-simulation (Table 5),"
                    + " bias (position runs, with popularity), all, or mechanism (the loop with simulated users, no"
                    + " LLM: a study of the protocol's dynamics).")
    String family;

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", defaultValue = "lastfm", description = "lastfm, movielens or steam (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    CandidateOptions candidateOptions;

    @Mixin
    PromptSetOptions promptSetOptions;

    @Option(names = "--rows", description = "Use only the first N test rows (default: all).")
    Integer rows;

    @Option(names = "--max-rounds", description = "AFL's round limit, the rounds curve's length (default: afl.loop.max-rounds).")
    Integer maxRounds;

    @Option(names = "--rec-models", split = ",", defaultValue = "sasrec,gru4rec,caser",
            description = "Recommendation models of Table 4: bundled names, llm (the recommender LLM picks) or remote"
                    + " (afl.models.remote.url) (default: ${DEFAULT-VALUE}).")
    List<String> recommendationModels;

    @Option(names = "--variant-model", defaultValue = "gru4rec",
            description = "The model of the ranker, ablation, position and user-simulation runs (default: ${DEFAULT-VALUE}; not"
                    + " the reward model's SASRec, which would make every re-ranking by the reward model the identity).")
    String variantModel;

    @Option(names = "--output", description = "Report folder (default: target/experiments/<dataset>-<agents>).")
    Path output;

    @Option(names = "--work-dir", defaultValue = "target/experiments/cases",
            description = "Where per-case results are appended; a rerun resumes from them (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--concurrency", defaultValue = "2", description = "Cases run at once (LLM rate limits; default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--fresh", description = "Discard earlier per-case results of these configurations instead of resuming.")
    boolean fresh;

    @Option(names = "--reference-models", paramLabel = "DIR",
            description = "Folder of published LLaRA/AFL SASRec checkpoints (*-<dataset>.pt) for the report's protocol"
                    + " check (default: " + ReferenceCheckpoints.VARIABLE + ", else reference-models/ beside the data"
                    + " path if present).")
    Path referenceModels;

    @Option(names = "--training-dir", defaultValue = "${sys:afl-home:-.}/models/training", paramLabel = "DIR",
            description = "Where import_checkpoint.py lives, for the protocol check (default: ${DEFAULT-VALUE}).")
    Path trainingDir;

    @Option(names = "--epsilons", split = ",", defaultValue = "0,0.1,0.2,0.3", paramLabel = "E",
            description = "mechanism: the simulated users' noise levels, the probability a decision is reversed"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Double> epsilons;

    @Option(names = "--user-seeds", defaultValue = "10", paramLabel = "N",
            description = "mechanism: sessions per case for a user whose decisions are drawn (seeds"
                    + " afl.agents.simulated.seed and on; default: ${DEFAULT-VALUE}).")
    int userSeeds;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "K",
            description = "Run each LLM configuration K times, repeat r sampling with seed r (the request's seed field),"
                    + " and report each run's HitRatio@1, their spread, pass^K and the answers that change; offline"
                    + " configurations are deterministic and run once (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Mixin
    PriceOptions prices;

    @Option(names = "--estimate",
            description = "Print what the run would ask of the LLM, per configuration (requests, input and output"
                    + " tokens, cost at online and batch prices), without calling any LLM or writing a report: the"
                    + " prompts are rendered as the LLM agents would be sent them, along the offline agents'"
                    + " trajectory.")
    boolean estimate;

    @Option(names = "--llm-mode", defaultValue = "online", paramLabel = "MODE",
            description = "${COMPLETION-CANDIDATES}: online (each LLM call as it comes, --concurrency cases at a time) or batch (every case at"
                    + " once, round by round: each round's calls go out as one OpenAI Batch API job per agent, at"
                    + " batch prices, answered within 24h; a rerun picks up the submitted jobs from --work-dir)"
                    + " (default: ${DEFAULT-VALUE}).")
    LlmMode llmMode;

    @Option(names = "--batch-poll", defaultValue = "30s", paramLabel = "DURATION",
            description = "batch: how often a running job is read (default: ${DEFAULT-VALUE}).")
    Duration batchPoll;

    @Inject
    AflConfig config;

    @Inject
    BatchLlms batchLlms;

    /** Batch mode's run while it lasts; null online. */
    private BatchRun batch;

    @Inject
    AgentFactory agents;

    @Inject
    RecommendationModels resolver;

    @Override
    public Integer call() throws IOException {
        if (llmMode == LlmMode.online) {
            return experiment();
        }
        if (family() == Family.mechanism || !(agents.llmEnabled() || agents.userIsLlm()
                || recommendationModels.contains(LlmOnlyModel.NAME) || variantModel.equals(LlmOnlyModel.NAME))) {
            throw new IllegalArgumentException("--llm-mode batch sends the LLM calls as batch jobs, but this run asks"
                    + " no LLM: set AFL_AGENTS=llm (with AFL_LLM_MODEL, AFL_LLM_BASE_URL and AFL_LLM_API_KEY), or"
                    + " leave out --llm-mode.");
        }
        batch = batchLlms.start(workDir.resolve("batch"), batchPoll, System.err);
        try {
            return experiment();
        } finally {
            System.err.println(batch.summary());
            batch.close();
            batch = null;
        }
    }

    private Integer experiment() throws IOException {
        Family chosen = family();
        KnownDataset known = KnownDataset.byId(dataset);
        int rounds = maxRounds != null ? maxRounds : config.loop().maxRounds();
        if (rounds < 1 || rounds > dev.afl.loop.RefinementRequest.MAX_ROUNDS_LIMIT) {
            throw new IllegalArgumentException("--max-rounds must be 1.." + dev.afl.loop.RefinementRequest.MAX_ROUNDS_LIMIT
                    + ", got " + rounds);
        }
        if (rows != null && rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1 (the runs of each LLM configuration), got "
                    + repeats + ": give 1 for one run, or k > 1 to measure run-to-run reliability.");
        }
        CandidateLists lists = candidateOptions.lists();
        List<Long> seeds = candidateOptions.seeds();
        if (chosen == Family.mechanism) {
            if (estimate) {
                throw new IllegalArgumentException("--estimate: the mechanism study asks no LLM, it costs nothing;"
                        + " estimate recommendation, user-simulation, bias or all.");
            }
            if (repeats > 1) {
                System.err.println("--repeats " + repeats + ": the mechanism study asks no LLM and answers the same every"
                        + " run, so it runs once.");
            }
            return mechanism(known, rounds, lists, seeds);
        }
        PromptSet prompts = promptSetOptions.orElse(agents.promptSet());
        String agentKind = agents.agentsLabel();
        // The candidate lists are part of every per-case file's key (and of every case id): a rerun with the other
        // lists never resumes from these cases. LLM answers depend on the prompt set: a rerun with another set must
        // not resume from these either.
        boolean anyLlm = agents.llmEnabled() || agents.userIsLlm();
        String runKey = lists.id() + "-" + agentKind + (anyLlm ? "-" + agents.modelIds().get("recommender")
                + "-" + agents.modelIds().get("user") + "-" + prompts.id() : "");
        Path folder = output != null ? output : Path.of("target", "experiments", known.id() + "-" + agentKind);
        CostLedger.Prices prices = this.prices.ledger(agents, batch != null);
        Dataset data = DatasetLoader.referenceWithTraining(this.data.location(), known);
        PopularityBuckets buckets = PopularityBuckets.of(data);
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.cases(data, Split.TEST, lists, seeds, rows);
        Map<String, String> modelSha256 = new TreeMap<>();
        Map<String, Object> protocol = protocol(lists, seeds, rounds, buckets, prices, prompts);
        ProtocolCheck check;
        List<dev.afl.evaluation.recommendation.ConfigurationResult> recommendation = List.of();
        List<dev.afl.evaluation.recommendation.Comparison> recommendationComparisons = List.of();
        List<dev.afl.evaluation.usersim.UserSimulationResult> userSimulation = List.of();
        List<dev.afl.evaluation.usersim.UserSimulationComparison> userSimulationComparisons = List.of();
        List<dev.afl.evaluation.recommendation.BaselineChoice> baselines = List.of();
        List<dev.afl.evaluation.PowerLine> power = List.of();
        RepeatRuns repeatRuns = null;
        try (ModelRegistry registry = new ModelRegistry()) {
            OnnxSequenceModel reward = registry.bundled(known.id(), config.models().reward(), data.catalog());
            modelSha256.put(reward.name(), reward.card().sha256());
            List<String> models = new ArrayList<>(recommendationModels);
            if (!models.contains(variantModel)) {
                models.add(variantModel);
            }
            RecommendationExperiment.Plan plan = new RecommendationExperiment.Plan(recommendationModels,
                    variantModel, chosen != Family.bias, chosen != Family.recommendation);
            if (estimate) {
                RunEstimate rehearsal = rehearsal(known, data, reward, models, registry, prompts, rounds);
                estimateRun(rehearsal, chosen, plan, agentKind, known, data, lists, seeds, cases, repeats);
                System.out.print(EstimateTable.render(rehearsal.estimates(this.prices.estimate(agents)),
                        rehearsal.basis(this.prices.estimate(agents))));
                return 0;
            }
            Map<String, RecommendationModel> loaded = new LinkedHashMap<>();
            for (String name : models) {
                RecommendationModel model = resolver.resolve(name, known.id(), registry, data.catalog(), prompts);
                loaded.put(name, model);
                modelSha256.put(model.name(), model.provenance());
            }
            IntFunction<Map<String, CasePlayer>> playersOf = repeat -> players(known, data, registry, reward, prompts,
                    rounds, loaded, repeat);
            Map<String, CasePlayer> players = playersOf.apply(1);
            if (chosen != Family.user_simulation) {
                // The best baseline of each AFL row is chosen on the whole validation split, same candidate lists.
                RepeatExperiment.RepeatStore validationStore = recommendationStore(runKey + "-valid", loaded, prompts);
                RecommendationExperiment.Selection selection = new RecommendationExperiment.Selection(
                        EvaluationProtocol.PAPER.cases(data, Split.VALID, lists, seeds, null),
                        (configuration, c, play) -> validationStore.run(1, configuration, c, play));
                RepeatExperiment.RepeatStore store = recommendationStore(runKey, loaded, prompts);
                RecommendationExperiment.Result result = RecommendationExperiment.run(plan, known.id(), agentKind,
                        rounds, cases, selection, players, (configuration, c, play) -> store.run(1, configuration, c,
                                play), config.offline().acceptTopK(), buckets, prices);
                recommendation = result.configurations();
                recommendationComparisons = result.comparisons();
                baselines = result.baselines();
                power = result.power();
                if (repeats > 1) {
                    repeatRuns = RepeatExperiment.run(repeatSeeds(), result.outcomes(), sampling(), cases, playersOf,
                            store, config.offline().acceptTopK(), prices);
                }
            }
            if (chosen == Family.user_simulation || chosen == Family.all) {
                RatingPlayer player = new RatingPlayer(new LoopSetup(known.id(), data.catalog(), loaded.get(variantModel),
                        reward, agents.recommendationAgent(prompts), agents.userAgent(prompts), rounds));
                UserSimulationExperiment.Result result = userSimulation(known, data, lists, seeds, player,
                        (key, userCases, play) -> runCases(key + "-" + runKey, userCases,
                                UserSimulationProtocol.Case::id, RatingOutcome.class, play), prices, agentKind);
                userSimulation = result.results();
                userSimulationComparisons = result.comparisons();
                Map<String, Object> thresholds = new LinkedHashMap<>();
                result.thresholds().forEach((ratio, t) -> {
                    // Ordered maps: the manifest reads the same from one run to the next (Map.of's order is not).
                    Map<String, Object> threshold = new LinkedHashMap<>();
                    threshold.put("value", Math.round(t.value() * 1e4) / 1e4);
                    threshold.put("validationF1", Math.round(t.validationF1() * 1e4) / 1e4);
                    threshold.put("validationJudgements", t.validationJudgements());
                    thresholds.put(ratio, threshold);
                });
                protocol.put("userSimulationThresholds", thresholds);
            }
            if (chosen != Family.user_simulation && (anyLlm || models.contains(LlmOnlyModel.NAME))) {
                // The estimate beside the counted spend: the same rehearsal --estimate prints, over the same cases.
                RunEstimate rehearsal = rehearsal(known, data, reward, models, registry, prompts, rounds);
                // The ledger is the first repeat's: its estimate is of one run.
                estimateRun(rehearsal, Family.recommendation, plan, agentKind, known, data, lists, seeds, cases, 1);
                Map<String, dev.afl.evaluation.CostEstimate> estimates =
                        rehearsal.estimates(this.prices.estimate(agents));
                recommendation = recommendation.stream().map(c -> c.ledger() == null || !estimates.containsKey(c.id())
                        ? c : c.withLedger(c.ledger().withEstimate(estimates.get(c.id())))).toList();
            }
            check = protocolCheck(known, data, registry);
            if (check != null) {
                check.checkpoints().forEach(score -> modelSha256.put(known.id() + "/" + score.model(), score.sha256()));
            }
        }
        List<Path> datasetFolders = List.of(this.data.location().dataDir().resolve(ReferenceSplitImporter.FOLDER)
                .resolve(known.id()));
        RunManifest manifest = RunManifest.of(modelSha256, prompts.id(), PromptLibrary.of(prompts).resourceHashes(),
                anyLlm ? agents.modelIds() : Map.of(), lists, seeds, datasetFolders);
        Map<String, dev.afl.evaluation.Estimate> targetPopularity = buckets.estimates(
                cases.stream().map(EvaluationCase::row).toList(), cases.stream().map(EvaluationCase::target).toList());
        ExperimentReport report = new ExperimentReport(title(chosen, known, agentKind, prompts), Instant.now().toString(),
                known.id(), agentKind, protocol, manifest, recommendation, recommendationComparisons, userSimulation,
                userSimulationComparisons, targetPopularity, PaperFigures.table4(known.id()), check, baselines, power,
                repeatRuns);
        List<Path> written = new ReportWriter().write(report, folder);
        System.out.println(new ReportSummary(report).text());
        System.out.println("Report written to " + folder.toAbsolutePath() + " (" + written.size() + " files)");
        return 0;
    }

    private Family family() {
        try {
            return Family.valueOf(family.replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown experiment family '" + family
                    + "': use recommendation, user-simulation, bias, all or mechanism.");
        }
    }

    /**
     * The mechanism study: the loop with the offline recommendation agent and each simulated user at each noise
     * level, against the baselines of its two models; no LLM. The users are calibrated here, on the validation split,
     * as {@code calibrate-users} calibrates them.
     */
    private Integer mechanism(KnownDataset known, int rounds, CandidateLists lists, List<Long> seeds) {
        long started = System.nanoTime();
        epsilons.forEach(dev.afl.agent.simulated.DecisionNoise::new);
        if (userSeeds < 1) {
            throw new IllegalArgumentException("--user-seeds must be at least 1, got " + userSeeds);
        }
        for (String name : recommendationModels) {
            if (name.equals(dev.afl.agent.llm.LlmOnlyModel.NAME) || name.equals(
                    dev.afl.model.remote.RemoteRecommendationModel.NAME)) {
                throw new IllegalArgumentException("The mechanism study runs without an LLM or an endpoint: give"
                        + " bundled models to --rec-models, not '" + name + "'.");
            }
        }
        Path folder = output != null ? output : Path.of("target", "experiments", known.id() + "-mechanism");
        Dataset data = DatasetLoader.referenceWithTraining(this.data.location(), known);
        List<EvaluationCase> test = EvaluationProtocol.PAPER.cases(data, Split.TEST, lists, seeds, rows);
        List<EvaluationCase> validation = EvaluationProtocol.PAPER.cases(data, Split.VALID, lists, seeds, null);
        Path datasetFolder = this.data.location().dataDir().resolve(ReferenceSplitImporter.FOLDER).resolve(known.id());
        Map<String, String> modelSha256 = new TreeMap<>();
        dev.afl.evaluation.mechanism.MechanismResult result;
        try (ModelRegistry registry = new ModelRegistry()) {
            OnnxSequenceModel reward = registry.bundled(known.id(), config.models().reward(), data.catalog());
            String judgeName = config.agents().simulated().judgeModel();
            if (judgeName.equals(config.models().reward())) {
                throw new IllegalArgumentException("The independent user's model (afl.agents.simulated.judge-model) is"
                        + " the reward model, " + judgeName + ": it would agree with it by construction.");
            }
            OnnxSequenceModel judge = registry.bundled(known.id(), judgeName, data.catalog());
            modelSha256.put(reward.name(), reward.card().sha256());
            modelSha256.put(judge.name(), judge.card().sha256());
            System.err.println("Calibrating the simulated users on the validation split ...");
            dev.afl.agent.simulated.SimulatedUserCalibration calibration = dev.afl.evaluation.mechanism.UserCalibrations
                    .estimate(data, reward, judge, dev.afl.data.Checksums.sha256(datasetFolder.resolve(
                            Split.VALID.fileStem() + ".jsonl")), java.util.stream.LongStream.range(0,
                                    SeedOptions.DEFAULT_SEEDS).boxed().toList());
            Map<String, RecommendationModel> models = new LinkedHashMap<>();
            for (String name : recommendationModels) {
                RecommendationModel model = resolver.resolve(name, known.id(), registry, data.catalog());
                models.put(name, model);
                modelSha256.put(model.name(), model.provenance());
            }
            System.err.println("Playing the loop with " + models.keySet() + ", 3 users, epsilons " + epsilons + ", "
                    + userSeeds + " user seeds ...");
            result = dev.afl.evaluation.mechanism.MechanismExperiment.run(new dev.afl.evaluation.mechanism
                    .MechanismExperiment.Inputs(known.id(), data.catalog(), models, reward, new dev.afl.agent.simulated
                    .JudgeModel(judge.name(), judge, calibration.judgeModel().likeThreshold()), calibration, test,
                    validation, epsilons, userSeeds, config.agents().simulated().seed(), rounds,
                    agents.rewardVerdict(), concurrency));
        }
        result = result.timed((System.nanoTime() - started) / 1e9);
        // The mechanism study asks no LLM: no prompt set is read, none is recorded.
        RunManifest manifest = RunManifest.of(modelSha256, null, Map.of(), Map.of(), lists, seeds, List.of(datasetFolder));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("candidateLists", lists.id());
        protocol.put("maxRounds", rounds);
        protocol.put("epsilons", epsilons);
        protocol.put("userSeeds", userSeeds);
        protocol.put("judgeModel", config.agents().simulated().judgeModel());
        dev.afl.evaluation.report.MechanismReport report = new dev.afl.evaluation.report.MechanismReport(
                "Mechanism study: " + known.id() + ", simulated users, no LLM", Instant.now().toString(),
                "offline+simulated", protocol, manifest, result);
        List<Path> written = new dev.afl.evaluation.report.MechanismReportWriter().write(report, folder);
        for (dev.afl.evaluation.mechanism.MechanismRow row : result.rows()) {
            System.out.printf(java.util.Locale.ROOT, "%-8s %-12s eps %.2f  AFL %.4f  AFL-best %+.4f [%+.3f, %+.3f]"
                    + "  rounds %.2f  moved %.3f (won %.3f, lost %.3f)%n", row.recommendationModel(), row.user(),
                    row.epsilon(), row.hitRatio().mean(), row.minusBest().mean(), row.minusBest().ciLow(),
                    row.minusBest().ciHigh(), row.meanRounds().mean(), row.movedAway().mean(),
                    row.movedAndRight().mean(), row.movedAndLost().mean());
        }
        System.out.printf(java.util.Locale.ROOT, "Mechanism study done in %.1f s%n", result.wallSeconds());
        System.out.println("Report written to " + folder.toAbsolutePath() + " (" + written.size() + " files)");
        return 0;
    }

    private UserSimulationExperiment.Result userSimulation(KnownDataset known, Dataset data, CandidateLists lists,
            List<Long> seeds, RatingPlayer player, UserSimulationExperiment.CaseStore store, CostLedger.Prices prices,
            String agentKind) {
        boolean paper = lists == CandidateLists.PAPER;
        BiFunction<Ratio, Long, List<UserSimulationProtocol.Case>> test;
        String construction;
        if (known == KnownDataset.LASTFM) {
            List<dev.afl.data.UserHistory> users = new ReferenceSplitImporter(this.data.location())
                    .loadUserSimulation(known);
            // The paper's lists are drawn user after user, so the first N users' lists are those of all users.
            List<dev.afl.data.UserHistory> chosenUsers = rows == null ? users : users.subList(0, Math.min(rows, users.size()));
            test = paper ? (ratio, seed) -> UserSimulationProtocol.paperCases(known.id(), data.catalog(), chosenUsers,
                    ratio) : (ratio, seed) -> UserSimulationProtocol.cases(known.id(), data.catalog(), chosenUsers, ratio,
                    seed);
            construction = "reference: " + chosenUsers.size() + " usersim.jsonl users"
                    + (paper ? ", the paper's lists (random.seed(303) for each ratio, users in file order)" : "")
                    + "; loop on x[:init-1] -> x[init-1], judge with x[:init], positives x[init:init+p], negatives"
                    + " outside all and the loop candidates";
        } else {
            List<SequenceRow> testRows = limited(data.rows(Split.TEST));
            test = paper ? (ratio, seed) -> UserSimulationProtocol.paperFromRows(known.id(), data.catalog(), testRows,
                    ratio) : (ratio, seed) -> UserSimulationProtocol.fromRows(known.id(), data.catalog(), testRows, ratio,
                    seed);
            construction = "rows: each test row a user"
                    + (paper ? ", drawn the paper's way (random.seed(303) for each ratio, rows in file order)" : "")
                    + "; loop on h[:-1] -> h[-1], judge with h, the next item as the one positive, 1/3/9 negatives"
                    + " outside h + next and the loop candidates";
        }
        BiFunction<Ratio, Long, List<UserSimulationProtocol.Case>> validation = paper
                ? (ratio, seed) -> UserSimulationProtocol.paperFromRows(known.id(), data.catalog(),
                        data.rows(Split.VALID), ratio)
                : (ratio, seed) -> UserSimulationProtocol.fromRows(known.id(), data.catalog(), data.rows(Split.VALID),
                        ratio, seed);
        return UserSimulationExperiment.run(known.id(), construction, agentKind, Ratio.PAPER, seeds, test, validation,
                player, store, prices);
    }

    /** The run rehearsed without an LLM ({@link RunEstimate}): the bundled models loaded, the llm model stood in for. */
    private RunEstimate rehearsal(KnownDataset known, Dataset data, OnnxSequenceModel reward, List<String> models,
            ModelRegistry registry, PromptSet prompts, int rounds) {
        Map<String, RecommendationModel> loaded = new LinkedHashMap<>();
        for (String name : models) {
            loaded.put(name, name.equals(LlmOnlyModel.NAME) ? null
                    : resolver.resolve(name, known.id(), registry, data.catalog(), prompts));
        }
        org.eclipse.microprofile.config.Config settings = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        ReplySizes replies = new ReplySizes(
                settings.getOptionalValue("quarkus.langchain4j.openai.recommender.chat-model.max-tokens", Integer.class)
                        .orElse(null),
                settings.getOptionalValue("quarkus.langchain4j.openai.user.chat-model.max-tokens", Integer.class)
                        .orElse(null));
        boolean userIsLlm = agents.userIsLlm();
        EstimateAgents standIns = new EstimateAgents(agents.llmEnabled(), userIsLlm, agents.modelIds().get("recommender"),
                agents.modelIds().get("user"), userIsLlm ? new dev.afl.agent.offline.OfflineUserAgent(
                        agents.rewardVerdict()) : agents.userAgent(prompts), replies);
        return new RunEstimate(known.id(), data.catalog(), reward, loaded, prompts, rounds, standIns, System.err);
    }

    /**
     * Plays the family's configurations through the rehearsal (the recommendation family on the test cases, each
     * counted {@code repeated} times: the run's repeats; the user-simulation family runs once).
     */
    private void estimateRun(RunEstimate rehearsal, Family chosen, RecommendationExperiment.Plan plan, String agentKind,
            KnownDataset known, Dataset data, CandidateLists lists, List<Long> seeds, List<EvaluationCase> cases,
            int repeated) {
        if (chosen != Family.user_simulation) {
            rehearsal.recommendation(plan, agentKind, cases, plan.methods() && recommendationModels.contains(
                    LlmOnlyModel.NAME) ? EvaluationProtocol.PAPER.cases(data, Split.VALID, lists, seeds, null)
                    : List.of(), repeated);
        }
        if (chosen == Family.user_simulation || chosen == Family.all) {
            userSimulation(known, data, lists, seeds, rehearsal.ratingPlayer(variantModel),
                    rehearsal.userSimulationStore(), CostLedger.Prices.FREE, agentKind);
        }
    }

    /**
     * The paper's test lists checked against every published reference checkpoint of the dataset and the reference
     * run's recorded answers, when the data path has either; null when it has neither. A checkpoint that cannot be
     * imported is named in the check, not fatal: the experiment's own figures do not depend on it.
     */
    private ProtocolCheck protocolCheck(KnownDataset known, Dataset data, ModelRegistry registry) {
        DataLocation location = this.data.location();
        List<Path> checkpoints = ReferenceCheckpoints.forDataset(ReferenceCheckpoints.folder(referenceModels, location),
                known.id());
        Optional<Path> prior = PaperListsCheck.priorAnswersFile(location.dataDir(), known.id())
                .filter(Files::isRegularFile);
        if (checkpoints.isEmpty() && prior.isEmpty()) {
            return null;
        }
        List<EvaluationCase> paper = EvaluationProtocol.PAPER.paperCases(data, Split.TEST);
        CheckpointImporter importer = new CheckpointImporter(EvaluateBaseCommand.pythonPath(), trainingDir,
                location.cacheDir());
        List<ProtocolCheck.CheckpointScore> scores = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path checkpoint : checkpoints) {
            String name = CheckpointImporter.modelName(checkpoint, known.id());
            try {
                OnnxSequenceModel model = registry.fromCard(importer.importCheckpoint(checkpoint, known.id(),
                        data.catalog()), data.catalog());
                ProtocolCheck.CheckpointScore score = PaperListsCheck.score(data, paper, model, name,
                        checkpoint.getFileName().toString(), model.card().sha256());
                scores.add(score);
                System.err.printf("Protocol check: %s alone scores %d/%d on the paper's lists%s%n", name, score.hits(),
                        score.rows(), score.expectedHits() == null ? ""
                                : " (expected " + score.expectedHits() + "/" + score.rows() + ")");
            } catch (AflException e) {
                problems.add(checkpoint.getFileName() + " could not be imported: " + e.getMessage());
                System.err.println("Protocol check: " + checkpoint.getFileName() + " not imported: " + e.getMessage());
            }
        }
        ProtocolCheck.PriorAnswers answers = prior.map(csv -> PaperListsCheck.priorAnswers(csv, data, paper))
                .orElse(null);
        if (answers != null) {
            System.err.printf("Protocol check: %d/%d recorded answers (%s) are among their row's candidates%n",
                    answers.amongCandidates(), answers.rows(), answers.file());
        }
        return new ProtocolCheck(known.id(), paper.size(), scores, answers, problems);
    }

    private List<SequenceRow> limited(List<SequenceRow> all) {
        return rows == null ? all : all.subList(0, Math.min(rows, all.size()));
    }

    /**
     * Per-case results keyed by configuration and run; an LLM-only or remote model adds what it is (LLM id,
     * endpoint), so a rerun against another one never resumes from these answers. With {@code --repeats k > 1} an
     * LLM configuration's key adds its repeat and seed: each repeat resumes from its own file.
     */
    private RepeatExperiment.RepeatStore recommendationStore(String runKey, Map<String, RecommendationModel> models,
            PromptSet prompts) {
        RepeatExperiment.Sampling sampling = sampling();
        return (repeat, configuration, cases, play) -> {
            RecommendationModel model = models.get(configuration.recommendationModel());
            String modelKey = configuration.recommendationModel()
                    + (model instanceof OnnxSequenceModel ? "" : "@" + model.provenance())
                    + (model instanceof LlmOnlyModel ? "@" + prompts.id() : "");
            String key = configuration.dataset() + "-" + modelKey + "-"
                    + configuration.method().id() + "-" + configuration.position() + "-r" + configuration.maxRounds()
                    + "-" + runKey + (repeats > 1 && sampling.samples(configuration)
                            ? "-repeat" + repeat + "-seed" + repeatSeed(repeat) : "");
            System.err.println("== " + configuration.id() + " (" + cases.size() + " cases"
                    + (repeats > 1 && sampling.samples(configuration) ? ", repeat " + repeat + " of " + repeats : "")
                    + ")");
            return runCases(key, cases, EvaluationCase::id, CaseOutcome.class, play);
        };
    }

    /** The sampling seed of repeat {@code repeat} (1-based): its number with --repeats k > 1, none for one run. */
    private Integer repeatSeed(int repeat) {
        return repeats > 1 ? repeat : null;
    }

    private List<Integer> repeatSeeds() {
        return java.util.stream.IntStream.rangeClosed(1, repeats).boxed().toList();
    }

    /** What samples from an LLM in this run, so its configurations are repeated. */
    private RepeatExperiment.Sampling sampling() {
        java.util.Set<String> llmModels = new java.util.HashSet<>();
        if (recommendationModels.contains(LlmOnlyModel.NAME) || variantModel.equals(LlmOnlyModel.NAME)) {
            llmModels.add(LlmOnlyModel.NAME);
        }
        return new RepeatExperiment.Sampling(agents.llmEnabled(), agents.userIsLlm(), llmModels);
    }

    /**
     * One player per recommendation model, its agents (and the {@code llm} model) sampling with repeat
     * {@code repeat}'s seed; the other models answer the same every time and are shared.
     */
    private Map<String, CasePlayer> players(KnownDataset known, Dataset data, ModelRegistry registry,
            OnnxSequenceModel reward, PromptSet prompts, int rounds, Map<String, RecommendationModel> loaded,
            int repeat) {
        Integer seed = repeatSeed(repeat);
        Map<String, CasePlayer> players = new LinkedHashMap<>();
        loaded.forEach((name, first) -> {
            RecommendationModel model = first instanceof LlmOnlyModel
                    ? resolver.resolve(name, known.id(), registry, data.catalog(), prompts, seed) : first;
            players.put(name, new CasePlayer(new LoopSetup(known.id(), data.catalog(), model, reward,
                    agents.recommendationAgent(prompts, seed), agents.userAgent(prompts, seed), rounds)));
        });
        return players;
    }

    private <C, R> List<R> runCases(String key, List<C> cases, Function<C, String> id, Class<R> type,
            Function<C, R> play) {
        Path file = workDir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
        try {
            if (fresh) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new AflException("Cannot remove " + file + " for --fresh: " + e.getMessage(), e);
        }
        CaseRunner<C, R> runner = new CaseRunner<>(file, concurrency, id, type, System.err, Duration.ofSeconds(2));
        return (batch == null ? runner : runner.allAtOnce(batch.collector())).run(cases, play);
    }

    private Map<String, Object> protocol(CandidateLists lists, List<Long> seeds, int rounds, PopularityBuckets buckets,
            CostLedger.Prices prices, PromptSet prompts) {
        Map<String, Object> protocol = new LinkedHashMap<>();
        int count = EvaluationProtocol.PAPER.candidateCount();
        protocol.put("split", "test" + (rows != null ? " (first " + rows + " rows)" : ""));
        protocol.put("candidateLists", lists.id());
        protocol.put("candidates", lists == CandidateLists.PAPER
                ? count + " per row, the paper's own lists: drawn as the reference code draws them (Python's"
                        + " random.seed(" + CandidateLists.PAPER_SEED + ") once, rows in file order, random.sample of "
                        + (count - 1) + " items outside the row's history and target, the target appended,"
                        + " random.shuffle), so HitRatio@1 is hits/rows exactly"
                : count + " (the true next item and " + (count - 1) + " items outside the history, drawn per row and"
                        + " seed; the robustness check beside the paper's lists)");
        protocol.put("history", "the last " + EvaluationProtocol.PAPER.maxHistory() + " items; rows with fewer than "
                + EvaluationProtocol.PAPER.minHistory() + " are skipped");
        protocol.put("seeds", seeds);
        if (repeats > 1) {
            protocol.put("repeats", repeats + " runs of each recommendation configuration an LLM answers, repeat r"
                    + " sampling with seed r (the request's seed field), the temperature as configured; the other"
                    + " configurations, and the user simulation, ran once");
        }
        protocol.put("maxRounds", rounds);
        protocol.put("agents", agentsDescription());
        boolean anyLlm = agents.llmEnabled() || agents.userIsLlm();
        protocol.put("promptSet", prompts.id() + (anyLlm ? "" : " (not read: offline agents read no"
                + " prompt" + (recommendationModels.contains(LlmOnlyModel.NAME) || variantModel.equals(LlmOnlyModel.NAME)
                ? "; the llm model's prompts use it)"
                : ")")));
        protocol.put("rerankers", "top-" + CasePlayer.SHORTLIST + " shortlist re-ranked by the reward model (SASRec),"
                + " or judged in order by the user agent (first accepted wins, else the agent's first)");
        protocol.put("confidenceIntervals", "percentile bootstrap, 2000 resamples, 95%; rows resampled whole (a row's"
                + " seeds averaged first), users resampled whole in the user simulation");
        protocol.put("pairedTests", "clustered by row (recommendation) or user (user simulation): Obuchowski's"
                + " clustered McNemar test and a sign-flip permutation test of the cluster mean differences ("
                + SignFlipTest.DEFAULT_PERMUTATIONS + " seeded sign patterns, exact up to " + SignFlipTest.EXACT_LIMIT
                + " differing clusters), each Holm-adjusted within its family; comparisons identical by construction,"
                + " repeated by construction or without a discordant case are listed, not tested");
        protocol.put("popularity", "head = top 20%, middle = 20-50%, tail = bottom 50% of items by "
                + buckets.source());
        protocol.put("audit", "high = reward rank within the top " + config.offline().acceptTopK()
                + ", low = reward rank in the bottom half; agreement = accepted exactly when high");
        Map<String, Object> perMillion = new LinkedHashMap<>();
        perMillion.put("inputPerMillionUsd", prices.inputPerMillion());
        perMillion.put("outputPerMillionUsd", prices.outputPerMillion());
        protocol.put("prices", perMillion);
        if (batch != null) {
            protocol.put("llmMode", "batch: every case at once, each round's LLM calls one OpenAI Batch API job per"
                    + " agent, at batch prices (" + prices.inputPerMillion() + " and " + prices.outputPerMillion()
                    + " per million)");
        }
        protocol.put("userSimulationThreshold", "the reward score maximising micro F1 on validation rows (row"
                + " construction) at the same ratio and candidate lists (" + (lists == CandidateLists.PAPER
                        ? "drawn the paper's way" : "the same seeds") + "); never chosen on the test users");
        return protocol;
    }

    /** The agents in words: which kind each is and how the offline and simulated ones decide. */
    private String agentsDescription() {
        String recommender = agents.llmEnabled() ? "recommendation agent: LLM " + agents.modelIds().get("recommender")
                : "recommendation agent: offline (the model's best candidate not yet rejected, preferring candidates"
                        + " the user named)";
        String user = switch (config.agents().user()) {
            case CALIBRATED -> "user: the calibrated noisy user (accepts with the validation probability that the"
                    + " proposal's reward rank is the true item's, each decision reversed with probability "
                    + config.agents().simulated().epsilon() + ", seed " + config.agents().simulated().seed() + ")";
            case INDEPENDENT -> "user: the independent-information user (accepts what its own model, "
                    + config.agents().simulated().judgeModel() + ", ranks in its top " + config.offline().acceptTopK()
                    + ", never reading the reward model; each decision reversed with probability "
                    + config.agents().simulated().epsilon() + ", seed " + config.agents().simulated().seed() + ")";
            case AUTO, OFFLINE, LLM -> agents.userIsLlm() ? "user: LLM " + agents.modelIds().get("user")
                    : "user: offline (accepts when the reward model ranks the item in its top "
                            + config.offline().acceptTopK() + "; without the reward model it accepts everything)";
        };
        return recommender + "; " + user;
    }

    private String title(Family family, KnownDataset known, String agentKind, PromptSet prompts) {
        String what = switch (family) {
            case recommendation -> "Recommendation experiments";
            case user_simulation -> "User-simulation experiment";
            case bias -> "Bias analyses";
            case all -> "AFL experiments";
            case mechanism -> "Mechanism study";
        };
        return what + ": " + known.id() + ", " + agentKind + " agents"
                + (agentKind.contains("llm") ? ", prompt set " + prompts.id() : "");
    }
}

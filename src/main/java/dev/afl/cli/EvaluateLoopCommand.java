package dev.afl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.afl.app.AflConfig;
import dev.afl.app.AgentFactory;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.CaseRunner;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.LoopEvaluation;
import dev.afl.evaluation.LoopResult;
import dev.afl.evaluation.RunManifest;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.model.ModelRegistry;
import dev.afl.model.OnnxSequenceModel;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** AFL against its recommendation model alone, on the reference test rows (offline agents unless an LLM is set). */
@Command(name = "evaluate-loop", mixinStandardHelpOptions = true,
        description = "HitRatio@1 of the feedback loop vs the recommendation model alone, on identical candidates.")
public class EvaluateLoopCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--datasets", split = ",", defaultValue = "lastfm,movielens",
            description = "Datasets (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Mixin
    SeedOptions seedOptions;

    @Option(names = "--max-rounds", description = "Round limit (default: afl.loop.max-rounds, 4).")
    Integer maxRounds;

    @Option(names = "--rec-models", split = ",", description = "Recommendation models (default: sasrec,gru4rec,caser).",
            defaultValue = "sasrec,gru4rec,caser")
    List<String> recommendationModels;

    @Option(names = "--output", defaultValue = "target/results/loop.json",
            description = "Where the JSON results go (default: ${DEFAULT-VALUE}); per-case results go beside it, in"
                    + " <output>.cases/, and a rerun resumes from them.")
    Path output;

    @Option(names = "--concurrency", defaultValue = "2",
            description = "Sessions run at once (LLM rate limits; default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--fresh", description = "Discard the per-case results of an earlier run instead of resuming.")
    boolean fresh;

    @Inject
    AflConfig config;

    @Inject
    AgentFactory agents;

    @Override
    public Integer call() throws IOException {
        int rounds = maxRounds != null ? maxRounds : config.loop().maxRounds();
        List<Long> seeds = seedOptions.seeds();
        LoopEvaluation evaluation = new LoopEvaluation(EvaluationProtocol.PAPER, seeds);
        String agentKind = agents.llmEnabled() ? "llm" : "offline";
        List<LoopResult> results = new ArrayList<>();
        System.out.printf("%-10s %-9s %-8s %5s  %-24s %-24s %-26s %-9s %s%n", "dataset", "rec", "agents", "n",
                "AFL HR@1 [95% CI]", "base HR@1 [95% CI]", "AFL-base [95% CI]", "McNemar p", "by round");
        Map<String, String> modelSha256 = new java.util.TreeMap<>();
        List<Path> datasetFolders = new ArrayList<>();
        try (ModelRegistry registry = new ModelRegistry()) {
            for (String name : datasets) {
                KnownDataset known = KnownDataset.byId(name);
                Dataset dataset = new ReferenceSplitImporter(data.location()).load(known);
                OnnxSequenceModel reward = registry.bundled(known.id(), config.models().reward(), dataset.catalog());
                modelSha256.put(reward.name(), reward.card().sha256());
                datasetFolders.add(data.location().dataDir().resolve(ReferenceSplitImporter.FOLDER).resolve(known.id()));
                for (String recName : recommendationModels) {
                    OnnxSequenceModel recModel = registry.bundled(known.id(), recName, dataset.catalog());
                    modelSha256.put(recModel.name(), recModel.card().sha256());
                    FeedbackLoop loop = new FeedbackLoop(LoopModels.of(known.id(), recModel, reward),
                            agents.recommendationAgent(), agents.userAgent(), new InMemoryMemoryStore());
                    Path caseFile = output.resolveSibling(output.getFileName() + ".cases")
                            .resolve(known.id() + "-" + recName + "-" + agentKind + "-r" + rounds + ".jsonl");
                    if (fresh) {
                        Files.deleteIfExists(caseFile);
                    }
                    CaseRunner<LoopEvaluation.LoopCase, LoopEvaluation.CaseOutcome> runner = new CaseRunner<>(caseFile,
                            concurrency, LoopEvaluation.LoopCase::id, LoopEvaluation.CaseOutcome.class, System.err,
                            Duration.ofSeconds(2));
                    LoopResult result = evaluation.evaluate(dataset, Split.TEST, loop, recModel, reward.name(),
                            agentKind, rounds, runner::run);
                    results.add(result);
                    System.out.printf(Locale.ROOT, "%-10s %-9s %-8s %5d  %-24s %-24s %-26s %-9.4f %s%n", known.id(),
                            recName, agentKind, result.n(), format(result.aflHitRatioAt1()),
                            format(result.baseHitRatioAt1()), format(result.difference()),
                            result.pairedTest().mcNemarP(), result.hitRatioByRound().stream()
                                    .map(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
                }
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("generatedAt", Instant.now().toString());
        document.put("agents", agentKind);
        document.put("offlinePolicy", Map.of("userAcceptsRewardTopK", config.offline().acceptTopK(),
                "recommender", "model's best candidate not yet rejected, preferring candidates the user named"));
        document.put("protocol", Map.of("candidates", 20, "minHistory", 3, "maxHistory", 10, "split", "test",
                "seeds", seeds, "ci", "percentile bootstrap over rows (each row's mean over seeds), 2000 resamples;"
                        + " difference paired by row", "pairedTest", "McNemar's exact test over all (row, seed) cases"
                        + " (cases of one row are not independent: read it with the row-paired CI)"));
        document.put("manifest", RunManifest.of(modelSha256, agents.prompts().templateHashes(),
                agents.llmEnabled() ? agents.modelIds() : Map.of(), seeds, datasetFolders));
        document.put("results", results);
        Files.createDirectories(output.toAbsolutePath().getParent());
        new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), document);
        System.out.println("Results written to " + output.toAbsolutePath());
        return 0;
    }

    private static String format(dev.afl.evaluation.Estimate estimate) {
        return String.format(Locale.ROOT, "%.4f [%.3f, %.3f]", estimate.mean(), estimate.ciLow(), estimate.ciHigh());
    }
}

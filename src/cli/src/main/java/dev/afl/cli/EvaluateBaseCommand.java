package dev.afl.cli;

import dev.afl.agent.llm.LlmOnlyModel;
import dev.afl.app.AgentFactory;
import dev.afl.app.RecommendationModels;
import dev.afl.data.DataLocation;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.BaseModelEvaluation;
import dev.afl.evaluation.BaseModelResult;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.PaperFigures;
import dev.afl.evaluation.RunManifest;
import dev.afl.json.AflJson;
import dev.afl.model.CheckpointImporter;
import dev.afl.model.RecommendationModel;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The base-model evaluation: HitRatio@1 of every bundled (and imported) model on identical candidates. */
@Command(name = "evaluate-base", mixinStandardHelpOptions = true,
        description = "HitRatio@1 of the recommendation models alone on the reference test rows, "
                + "20 candidates, several candidate seeds, bootstrap 95%% CI.")
public class EvaluateBaseCommand implements Callable<Integer> {

    @Inject
    RecommendationModels recommendationModels;

    @Inject
    AgentFactory agents;

    @Mixin
    DataOptions data;

    @Option(names = "--datasets", split = ",", defaultValue = "lastfm,movielens,steam",
            description = "Datasets to evaluate (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(names = "--models", split = ",", paramLabel = "NAMES",
            description = "Recommendation models to evaluate: bundled names, llm (the recommender LLM picks) or remote"
                    + " (afl.models.remote.url) (default: every bundled model, and the imported checkpoints).")
    List<String> models;

    @Mixin
    SeedOptions seedOptions;

    @Option(names = "--split", defaultValue = "test", description = "valid or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--output", defaultValue = "target/results/base-models.json",
            description = "Where the JSON results go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--reference-models", paramLabel = "DIR",
            description = "Folder of published LLaRA/AFL SASRec checkpoints (*-<dataset>.pt) to import and evaluate "
                    + "alongside (default: " + ReferenceCheckpoints.VARIABLE + ", else reference-models/ beside the data "
                    + "path if present).")
    Path referenceModels;

    @Option(names = "--training-dir", defaultValue = "${sys:afl-home:-.}/models/training", paramLabel = "DIR",
            description = "Where import_checkpoint.py lives (default: ${DEFAULT-VALUE}).")
    Path trainingDir;

    @Override
    public Integer call() {
        Split evaluated = Split.evaluation(split);
        DataLocation location = data.location();
        ReferenceSplitImporter importer = new ReferenceSplitImporter(location);
        List<Long> seeds = seedOptions.seeds();
        BaseModelEvaluation evaluation = new BaseModelEvaluation(EvaluationProtocol.PAPER, seeds);
        Optional<Path> checkpoints = ReferenceCheckpoints.folder(referenceModels, location);
        CheckpointImporter checkpointImporter = new CheckpointImporter(pythonPath(), trainingDir,
                location.cacheDir());
        List<BaseModelResult> results = new ArrayList<>();
        try (ModelRegistry registry = new ModelRegistry()) {
            for (String name : datasets) {
                KnownDataset known = KnownDataset.byId(name);
                Dataset dataset = importer.load(known);
                for (String model : models != null ? models : registry.bundledNames(known.id())) {
                    RecommendationModel loaded = recommendationModels.resolve(model, known.id(), registry,
                            dataset.catalog());
                    results.add(report(evaluation.evaluate(dataset, evaluated, loaded, source(loaded),
                            loaded.provenance())));
                }
                // Named models only when --models names them; by default the published checkpoints join in.
                for (Path checkpoint : models != null ? List.<Path>of() : ReferenceCheckpoints.forDataset(checkpoints, known.id())) {
                    Path card = checkpointImporter.importCheckpoint(checkpoint, known.id(), dataset.catalog());
                    OnnxSequenceModel loaded = registry.fromCard(card, dataset.catalog());
                    results.add(report(evaluation.evaluate(dataset, evaluated, loaded,
                            "imported:" + checkpoint.getFileName(), loaded.card().sha256())));
                }
            }
        }
        Map<String, String> modelSha256 = new java.util.TreeMap<>();
        results.forEach(r -> modelSha256.put(r.model(), r.modelSha256()));
        List<Path> folders = datasets.stream().map(name -> location.dataDir().resolve(ReferenceSplitImporter.FOLDER)
                .resolve(KnownDataset.byId(name).id())).toList();
        // Only the llm model reads prompts (the configured set's): then the manifest names the set and its resources.
        boolean asksLlm = results.stream().anyMatch(r -> r.model().endsWith("/" + LlmOnlyModel.NAME));
        write(results, seeds, RunManifest.of(modelSha256, asksLlm ? agents.promptSet().id() : null,
                asksLlm ? agents.prompts().resourceHashes() : Map.of(), Map.of(), CandidateLists.SEEDS, seeds, folders));
        System.out.println("Results written to " + output.toAbsolutePath());
        return 0;
    }

    /** Where a model's answers come from, as the table and the JSON show it. */
    private static String source(RecommendationModel model) {
        return model instanceof OnnxSequenceModel ? "trained" : model.provenance();
    }

    private BaseModelResult report(BaseModelResult result) {
        if (!headerPrinted) {
            System.out.printf("%-10s %-14s %-34s %5s %5s  %-6s  %-15s  %s%n", "dataset", "model", "source", "n",
                    "seeds", "HR@1", "95% CI", "paper");
            headerPrinted = true;
        }
        String modelName = result.model().substring(result.model().indexOf('/') + 1);
        System.out.printf("%-10s %-14s %-34s %5d %5d  %.4f  [%.4f, %.4f]  %s%n", result.dataset(), modelName,
                result.source(), result.n(), result.seeds().size(), result.hitRatioAt1().mean(),
                result.hitRatioAt1().ciLow(), result.hitRatioAt1().ciHigh(),
                PaperFigures.baseModel(result.dataset(), modelName).map(v -> String.format("%.4f", v)).orElse("-"));
        if (result.validRatio() < 1) {
            System.out.printf("%-10s %-14s valid answers %.4f: the rest are fallbacks to the first candidate after"
                    + " unusable LLM replies%n", "", "", result.validRatio());
        }
        return result;
    }

    private boolean headerPrinted;

    private void write(List<BaseModelResult> results, List<Long> seeds, RunManifest manifest) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("generatedAt", Instant.now().toString());
        // In a fixed order: Map.of's iteration order changes from one JVM to the next, and so did this file's bytes.
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("candidates", EvaluationProtocol.PAPER.candidateCount());
        protocol.put("minHistory", EvaluationProtocol.PAPER.minHistory());
        protocol.put("maxHistory", EvaluationProtocol.PAPER.maxHistory());
        protocol.put("split", split);
        protocol.put("seeds", seeds);
        protocol.put("ci", "percentile bootstrap over rows (each row's mean over seeds), 2000 resamples");
        document.put("protocol", protocol);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (BaseModelResult result : results) {
            String modelName = result.model().substring(result.model().indexOf('/') + 1);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dataset", result.dataset());
            entry.put("model", modelName);
            entry.put("source", result.source());
            entry.put("n", result.n());
            entry.put("seeds", result.seeds());
            entry.put("hitRatioAt1", result.hitRatioAt1());
            entry.put("perSeed", result.perSeed());
            entry.put("validRatio", result.validRatio());
            entry.put("modelSha256", result.modelSha256());
            PaperFigures.baseModel(result.dataset(), modelName).ifPresent(paper -> {
                entry.put("paperBaseModel", paper);
                entry.put("differenceToPaper", Math.round((result.hitRatioAt1().mean() - paper) * 10000) / 10000.0);
            });
            entries.add(entry);
        }
        document.put("manifest", manifest);
        document.put("results", entries);
        try {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            AflJson.documents().writeValue(output.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    static Path pythonPath() {
        return CheckpointImporter.defaultPython();
    }
}

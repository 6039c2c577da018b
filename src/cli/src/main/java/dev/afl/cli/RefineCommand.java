package dev.afl.cli;

import dev.afl.InvalidRequestException;
import dev.afl.app.AflConfig;
import dev.afl.app.AgentFactory;
import dev.afl.app.LoopAssembly;
import dev.afl.app.RecommendationModels;
import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.json.AflJson;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.Budget;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionFolder;
import dev.afl.model.RecommendationModel;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import dev.afl.prompt.PromptSet;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: refine one recommendation with the feedback loop and print the transcript. */
@Command(name = "refine", mixinStandardHelpOptions = true,
        description = "Run the agentic feedback loop for one user (a dataset row or a JSON request) and print the "
                + "transcript round by round.")
public class RefineCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", defaultValue = "lastfm", description = "lastfm, movielens or steam (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--row", description = "The evaluation row to refine (its 'row' number in the split).")
    Integer row;

    @Option(names = "--split", defaultValue = "test", description = "valid or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--candidates", paramLabel = "LISTS",
            description = "A dataset row's candidates: paper (the row's list in the paper's own lists; the default on"
                    + " the reference splits) or seeds (a seeded draw, --seed S; the default on a raw split, and when"
                    + " --seed is given).")
    String candidates;

    @Option(names = "--seed", description = "Candidate seed of a seeded draw for a dataset row (default: 0).")
    Long seed;

    @Option(names = "--request", paramLabel = "FILE",
            description = "A JSON request {\"dataset\", \"history\", \"candidates\", \"maxRounds\", \"budget\"} (ids or titles);"
                    + " - reads stdin.")
    String requestFile;

    @Option(names = "--max-rounds", description = "Round limit (default: afl.loop.max-rounds, 4).")
    Integer maxRounds;

    @Option(names = "--max-tokens", description = "Stop after the round in which both agents' LLM tokens reach N.")
    Long maxTokens;

    @Option(names = "--max-cost", paramLabel = "USD",
            description = "Stop after the round in which the estimated LLM cost reaches USD (prices: afl.llm.*-price-per-million).")
    Double maxCost;

    @Option(names = "--max-time", paramLabel = "DURATION",
            description = "Stop when the session's wall time reaches DURATION (30s, 5m or ISO-8601 PT30S): LLM calls in flight"
                    + " are cut then, the round ends with the agents' fallbacks, and the session ends TIME_BUDGET.")
    java.time.Duration maxTime;

    @Option(names = "--patience", paramLabel = "K",
            description = "Stop when the reward model's score of the proposals has not improved for K rounds.")
    Integer patience;

    @Option(names = "--rec-model", description = "Recommendation model: a bundled one (sasrec, gru4rec, caser, morec, ...), llm"
            + " (the recommender LLM picks) or remote (afl.models.remote.url) (default: afl.models.recommendation).")
    String recommendationModel;

    @Option(names = "--reward-model", description = "Bundled reward model (default: afl.models.reward, sasrec).")
    String rewardModel;

    @Option(names = "--session-id", description = "Session id (default: a new one); an existing unfinished session resumes.")
    String sessionId;

    @Option(names = "--store", paramLabel = "DIR", description = "Session folder (default: " + SessionFolder.STATE_DIR_VARIABLE
            + ", else ~/.local/share/afl/sessions).")
    Path store;

    @Option(names = "--json", description = "Print the session as JSON instead of the transcript.")
    boolean json;

    @Mixin
    PromptSetOptions promptSetOptions;

    @Inject
    AflConfig config;

    @Inject
    AgentFactory agents;

    @Inject
    RecommendationModels recommendationModels;

    @Inject
    LoopAssembly assembly;

    @Override
    public Integer call() throws IOException {
        if ((row == null) == (requestFile == null)) {
            throw new InvalidRequestException("row", "Give either --row N (a dataset row) or --request FILE (a JSON"
                    + " request), not " + (row == null ? "neither" : "both") + ".");
        }
        RequestFile request = requestFile == null ? null : RequestFile.read(requestFile);
        KnownDataset known = KnownDataset.byId(request != null && request.dataset() != null ? request.dataset()
                : dataset);
        String rewardName = rewardModel != null ? rewardModel : config.models().reward();
        PromptSet prompts = promptSetOptions.orElse(agents.promptSet());
        DatasetLoader.Loaded loaded = DatasetLoader.load(data.location(), known);
        try (ModelRegistry registry = ReferenceCheckpoints.registry(data.location())) {
            String recName = recommendationModel != null ? recommendationModel
                    : recommendationModels.defaultName(known.id(), registry);
            RecommendationModel recModel = recommendationModels.resolve(recName, known.id(), registry,
                    loaded.dataset().catalog(), prompts);
            OnnxSequenceModel reward = registry.bundled(known.id(), rewardName, loaded.dataset().catalog());
            Set<String> vocabulary = new HashSet<>(reward.card().itemIds());
            vocabulary.removeIf(id -> !recModel.knows(id));
            Dataset usable = loaded.dataset().catalog().size() == vocabulary.size() ? loaded.dataset()
                    : loaded.dataset().restrictedTo(vocabulary);
            int rounds = maxRounds != null ? maxRounds : config.loop().maxRounds();
            String id = sessionId != null ? sessionId : UUID.randomUUID().toString();
            String target = null;
            RefinementRequest refinement;
            String origin = loaded.origin();
            if (request == null) {
                EvaluationCase evaluationCase = caseFor(usable, loaded, known);
                origin += evaluationCase.lists() == CandidateLists.PAPER ? "; the row's list in the paper's candidate"
                        + " lists" : "; candidates drawn with seed " + evaluationCase.seed();
                target = evaluationCase.target();
                refinement = new RefinementRequest(id, known.id(), items(usable, evaluationCase.history()),
                        items(usable, evaluationCase.candidates()), rounds, budget(null));
            } else {
                refinement = new RefinementRequest(id, known.id(),
                        ItemResolver.resolve(usable.catalog(), RequestFile.entries(request.history(), "history"),
                                "history"),
                        ItemResolver.resolve(usable.catalog(), RequestFile.entries(request.candidates(), "candidates"),
                                "candidates"),
                        request.maxRounds() != null ? request.maxRounds() : rounds, budget(request.budget()));
            }
            FeedbackLoop loop = assembly.with(LoopModels.of(known.id(), recModel, reward), prompts)
                    .loop(new FileMemoryStore(storeDir()));
            Session session = loop.run(refinement);
            if (json) {
                printJson(session, target, prompts);
            } else {
                new TranscriptPrinter(System.out).print(session, describeAgents(prompts, recName), origin,
                        target == null ? null : usable.catalog().require(target));
            }
            return 0;
        }
    }

    /** The options' budget when any is given, else the request's, with the configured prices filled in. */
    private Budget budget(Budget fromRequest) {
        boolean fromOptions = maxTokens != null || maxCost != null || maxTime != null || patience != null;
        return config.llm().priced(fromOptions ? new Budget(maxTokens, maxCost, null, null, maxTime, patience)
                : fromRequest);
    }

    private static List<Item> items(Dataset dataset, List<String> ids) {
        return ids.stream().map(dataset.catalog()::require).toList();
    }

    /** The agents, and for LLM agents the worst case of a round with the configured deadline and retries. */
    private String describeAgents(PromptSet prompts, String recName) {
        String described = agents.llmEnabled() ? "LLM agents (" + config.llm().model().orElse("configured model")
                + ", prompt set " + prompts.id() + "), a round at most " + agents.worstCaseRound(recName.equals(
                dev.afl.agent.llm.LlmOnlyModel.NAME)).toSeconds() + " s"
                : "offline agents (no LLM configured; set AFL_LLM_MODEL, AFL_LLM_BASE_URL and AFL_LLM_API_KEY to use one)";
        return config.agents().user().simulated() ? described + ", the user simulated: " + agents.agentsLabel()
                : described;
    }

    private EvaluationCase caseFor(Dataset usable, DatasetLoader.Loaded loaded, KnownDataset known) {
        Split chosen = Split.evaluation(split);
        List<SequenceRow> rows = usable.rows(chosen);
        SequenceRow selected = rows.stream().filter(r -> r.row() == row).findFirst().orElseThrow(() ->
                new InvalidRequestException("row", "Row " + row + " is not in the " + known.id() + " " + split
                        + " split, whose rows are numbered " + rows.getFirst().row() + ".." + rows.getLast().row() + "."));
        if (candidateLists(loaded) == CandidateLists.SEEDS) {
            return EvaluationProtocol.PAPER.caseFor(known.id(), usable.catalog(), selected, seed == null ? 0 : seed);
        }
        // The paper's lists are drawn row after row over the whole split and catalog: the row's list is its place
        // in that draw.
        return EvaluationProtocol.PAPER.paperCases(loaded.dataset(), chosen).stream().filter(c -> c.row() == row)
                .findFirst().orElseThrow(() -> new InvalidRequestException("row", "Row " + row + " of the " + known.id()
                        + " " + split + " split has fewer than " + EvaluationProtocol.PAPER.minHistory()
                        + " history items, so the paper's lists have none for it; use --candidates seeds."));
    }

    /** The paper's lists by default where they exist (the reference splits); a seeded draw with --seed or raw data. */
    private CandidateLists candidateLists(DatasetLoader.Loaded loaded) {
        if (candidates == null) {
            return seed != null || !loaded.reference() ? CandidateLists.SEEDS : CandidateLists.PAPER;
        }
        CandidateLists lists = CandidateLists.byId(candidates);
        if (lists == CandidateLists.PAPER && seed != null) {
            throw new InvalidRequestException("seed", "--seed applies to --candidates seeds: the paper's lists are one"
                    + " fixed list per row (drawn from seed " + CandidateLists.PAPER_SEED + "). Drop --seed, or use"
                    + " --candidates seeds.");
        }
        if (lists == CandidateLists.PAPER && !loaded.reference()) {
            throw new InvalidRequestException("candidates", "The paper's candidate lists exist for the reference"
                    + " splits only, and the data here is the " + loaded.origin() + ". Point "
                    + dev.afl.data.DataLocation.DATA_DIR_VARIABLE + " (or --data-dir) at a folder holding "
                    + dev.afl.data.ReferenceSplitImporter.FOLDER + "/, or use --candidates seeds.");
        }
        return lists;
    }

    private Path storeDir() {
        return store != null ? store : SessionFolder.defaultFolder(System.getenv());
    }

    private void printJson(Session session, String target, PromptSet prompts) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", agents.agentsLabel());
        if (agents.llmEnabled() || agents.userIsLlm()) {
            out.put("promptSet", prompts.id());
        }
        out.put("session", session);
        if (target != null) {
            out.put("target", target);
            out.put("hit", target.equals(session.finalItemId()));
        }
        System.out.println(AflJson.documents().writeValueAsString(out));
    }
}

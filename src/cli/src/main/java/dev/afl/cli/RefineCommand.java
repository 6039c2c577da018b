package dev.afl.cli;

import dev.afl.InvalidRequestException;
import dev.afl.app.AflConfig;
import dev.afl.app.AgentFactory;
import dev.afl.app.LoopAssembly;
import dev.afl.app.RecommendationModels;
import dev.afl.catalog.Item;
import dev.afl.catalog.RequestItems;
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
import dev.afl.loop.LoopParts;
import dev.afl.loop.RefinementRequest;
import dev.afl.loop.SessionStart;
import dev.afl.loop.StepObserver;
import dev.afl.loop.StepRecord;
import dev.afl.memory.Budget;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: refine one recommendation with the feedback loop and print the transcript. */
@Command(name = "refine", mixinStandardHelpOptions = true,
        description = "Run the agentic feedback loop for one user (a dataset row or a JSON request) and print the "
                + "transcript round by round.")
public class RefineCommand implements Callable<Integer> {

    static final String DEFAULT_DATASET = "lastfm";

    @Mixin
    DataOptions data;

    /** No picocli default: a --dataset given explicitly must agree with the request's dataset. */
    @Option(names = "--dataset", description = "lastfm, movielens or steam (default: the request's, else "
            + DEFAULT_DATASET + ").")
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
            description = "A JSON request as POST /v1/refinements takes it: {\"sessionId\", \"dataset\", \"history\","
                    + " \"candidates\", \"maxRounds\", \"budget\"}, items as {\"id\", \"title\"} objects, ids or exact"
                    + " titles (find ids with afl items); - reads stdin.")
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
        KnownDataset known = dataset(request);
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
            String id = sessionId(request);
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
                        RequestItems.resolveAll(known.id(), Optional.of(usable.catalog()),
                                RequestFile.items(request.history(), "history"), "history"),
                        RequestItems.resolveAll(known.id(), Optional.of(usable.catalog()),
                                RequestFile.items(request.candidates(), "candidates"), "candidates"),
                        request.maxRounds() != null ? request.maxRounds() : rounds, budget(request.budget()));
            }
            LoopParts parts = assembly.with(LoopModels.of(known.id(), recModel, reward), prompts);
            Item targetItem = target == null ? null : usable.catalog().require(target);
            Session session = json ? play(parts, refinement, null)
                    : play(parts, refinement, new Transcript(new TranscriptPrinter(System.out),
                            describeAgents(prompts, recName), origin, targetItem));
            if (json) {
                printJson(session, target, prompts);
            }
            return 0;
        }
    }

    /** Where the text transcript goes, and what its header and footer say besides the session. */
    private record Transcript(TranscriptPrinter printer, String agents, String origin, Item target) {
    }

    /**
     * Plays the refinement to its end and returns the ended session, saying on stderr when it resumes a stored one,
     * or reads it only when it has ended already. With a transcript, prints the header before the first round is
     * played, each round as soon as its judgement is stored, then the outcome; without (--json), nothing.
     */
    private Session play(LoopParts parts, RefinementRequest refinement, Transcript transcript) {
        MemoryStore sessions = new FileMemoryStore(storeDir());
        String id = MemoryStore.checkId(refinement.sessionId());
        boolean stored = sessions.find(id).isPresent();
        // Rounds are printed once each: those stored before the play, then each as its judgement is stored.
        AtomicInteger printed = new AtomicInteger();
        StepObserver roundByRound = step -> {
            if (transcript != null && step.step() == StepRecord.Kind.JUDGE) {
                printRounds(sessions.require(id), transcript, printed);
            }
        };
        FeedbackLoop loop = parts.observedBy(roundByRound).loop(sessions);
        Session started = loop.start(refinement);
        SessionStart start = new SessionStart(started, stored);
        start.notice().ifPresent(notice -> System.err.println(notice + (start.endedAlready()
                ? ": printing it as stored, nothing is run." : ".")));
        if (transcript != null) {
            transcript.printer().header(started, transcript.agents(), transcript.origin());
            printRounds(started, transcript, printed);
        }
        Session ended = started.status().terminal() ? started : loop.run(refinement);
        if (transcript != null) {
            printRounds(ended, transcript, printed);
            transcript.printer().footer(ended, transcript.target());
        }
        return ended;
    }

    private static void printRounds(Session session, Transcript transcript, AtomicInteger printed) {
        for (RoundRecord round : session.rounds()) {
            if (round.round() > printed.get()) {
                transcript.printer().round(session, round);
                printed.set(round.round());
            }
        }
    }

    /** The request's dataset, else --dataset, else lastfm; a --dataset that contradicts the request's is refused. */
    private KnownDataset dataset(RequestFile request) {
        String asked = request == null ? null : request.dataset();
        if (asked != null && dataset != null && KnownDataset.byId(asked) != KnownDataset.byId(dataset)) {
            throw new InvalidRequestException("dataset", "--dataset " + dataset + " contradicts the request's dataset '"
                    + asked + "': leave --dataset out (the request names its dataset) or send a " + dataset
                    + " request.");
        }
        return KnownDataset.byId(asked != null ? asked : dataset != null ? dataset : DEFAULT_DATASET);
    }

    /** --session-id, else the request's, else a new one; the two given and different are refused. */
    private String sessionId(RequestFile request) {
        String asked = request == null ? null : request.sessionId();
        if (asked != null && sessionId != null && !asked.equals(sessionId)) {
            throw new InvalidRequestException("sessionId", "--session-id " + sessionId + " contradicts the request's"
                    + " sessionId '" + asked + "': give one of them.");
        }
        return sessionId != null ? sessionId : asked != null ? asked : UUID.randomUUID().toString();
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
                : "offline agents (no LLM configured; set AFL_LLM_MODEL, with AFL_LLM_BASE_URL and AFL_LLM_API_KEY or"
                + " with AFL_LLM_PROVIDER=bedrock, to use one)";
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

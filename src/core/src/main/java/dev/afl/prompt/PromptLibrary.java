package dev.afl.prompt;

import dev.afl.agent.DataFence;
import dev.afl.agent.Domain;
import dev.afl.agent.ItemLabels;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RecommendationTask;
import dev.afl.catalog.Item;
import dev.afl.data.Checksums;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders the agents' prompts, a system and a user message each, from one {@link PromptSet}'s templates in
 * {@code prompts/<set>/} (Qute syntax; {@code {! ... !}} comments are not rendered). The one place prompt text is
 * produced: the functions, the API, the CLI and the tests all render through it. Untrusted text is cleaned by
 * {@link DataFence} before it reaches a template. Every set has the same templates ({@link #TEMPLATES}); the
 * domain's words come from {@code prompts/domains/}, and the re-ask after an unusable answer
 * ({@code prompts/correction.txt}) is shared by all sets.
 *
 * <p>A template file ends with a line break that is the file's, not the message's: it is dropped when the
 * template is read, so a message ends where the file's last line does (a blank last line keeps one line break).
 */
public final class PromptLibrary {

    /** The templates of every set, as files {@code prompts/<set>/<name>.txt}. */
    static final List<String> TEMPLATES = List.of("recommender-system", "recommender-user", "recommender-memory",
            "shortlist-system", "shortlist-user", "user-system", "user-user", "user-memory", "simulation-system",
            "simulation-user");

    /** The re-ask, shared by every set. */
    static final String CORRECTION = "correction.txt";

    /**
     * How many of the reward model's best candidates the reference-code set's user agent is told to focus on: the
     * released code's focus list comes from code it does not publish, so the size is ours (the ranker variants'
     * shortlist length).
     */
    public static final int FOCUS_SIZE = 5;

    private static final String FOLDER = "prompts/";
    private static final Map<PromptSet, PromptLibrary> LOADED = new EnumMap<>(PromptSet.class);

    private final PromptSet set;
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Map<String, String> hashes = new TreeMap<>();

    /** The library of a set, read once per process. */
    public static PromptLibrary of(PromptSet set) {
        synchronized (LOADED) {
            return LOADED.computeIfAbsent(set, chosen -> new PromptLibrary(chosen, PromptLibrary::read));
        }
    }

    /**
     * A library of {@code set} whose resources (paths under {@code prompts/}, e.g. {@code paper/user-system.txt})
     * are read by {@code resources} ({@link #read} reads the artifact's): tests render from changed copies of a
     * template with it.
     */
    public PromptLibrary(PromptSet set, Function<String, String> resources) {
        this.set = set;
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).build();
        for (String name : TEMPLATES) {
            String path = set.id() + "/" + name + ".txt";
            templates.put(name, engine.parse(withoutFinalLineBreak(load(resources, path))));
        }
        templates.put(CORRECTION, engine.parse(withoutFinalLineBreak(load(resources, CORRECTION))));
        for (String domain : Domain.IDS) {
            String path = Domain.resource(domain).substring(FOLDER.length());
            load(resources, path);
        }
    }

    public PromptSet set() {
        return set;
    }

    /**
     * The recommendation agent's prompt for a round: its history, the candidates, the recommendation model's
     * suggestion ({@code I_m}, when the task has the model) and the memory of rejected rounds. Which of them a set
     * shows in which round is the set's template's to say.
     */
    public Prompt recommender(RecommendationTask task) {
        Map<String, Object> data = common(task.domain(), task.history(), task.candidates());
        data.put("round", task.round());
        data.put("hasModel", task.hasModel());
        data.put("suggestion", task.hasModel() ? ItemLabels.of(task.modelTop()) : "");
        data.put("hasMemory", !task.memory().isEmpty());
        data.put("memory", memory("recommender-memory", task.domain(), task.memory()));
        return prompt("recommender", data);
    }

    /** The ranker variants' prompt: the agent's best {@code size} candidates, best first (no memory). */
    public Prompt shortlist(RecommendationTask task, int size) {
        Map<String, Object> data = common(task.domain(), task.history(), task.candidates());
        data.put("hasModel", task.hasModel());
        data.put("suggestion", task.hasModel() ? ItemLabels.of(task.modelTop()) : "");
        data.put("shortlistSize", size); // not "size": Qute reads that as the map's own size
        return prompt("shortlist", data);
    }

    /** The user agent's prompt: the proposal, the recommender's reason, the reward signal, its memory. */
    public Prompt user(JudgementTask task) {
        Map<String, Object> data = common(task.domain(), task.history(), task.candidates());
        data.put("item", ItemLabels.of(task.proposed()));
        data.put("reason", DataFence.clean(task.recommendationReason(), DataFence.REASON_LIMIT));
        data.put("hasReward", task.hasReward());
        if (task.hasReward()) {
            data.put("score", format(task.reward().score()));
            data.put("rank", task.reward().rank());
            data.put("count", task.reward().candidateCount());
            data.put("best", format(task.reward().best()));
            data.put("median", format(task.reward().median()));
        }
        List<Item> focus = task.rewardTop(FOCUS_SIZE);
        data.put("hasFocus", !focus.isEmpty());
        data.put("focus", focus.stream().map(ItemLabels::of).toList());
        data.put("hasModel", task.modelTop() != null);
        data.put("suggestion", task.modelTop() != null ? ItemLabels.of(task.modelTop()) : "");
        data.put("hasMemory", !task.memory().isEmpty());
        data.put("memory", memory("user-memory", task.domain(), task.memory()));
        return prompt("user", data);
    }

    /** The user-simulation judgement of one item (paper Table 5), optionally with memory of a loop. */
    public Prompt userSimulation(RatingTask task) {
        Map<String, Object> data = common(task.domain(), task.history(), task.loopCandidates());
        data.put("item", ItemLabels.of(task.item()));
        data.put("score", format(task.rewardScore()));
        data.put("threshold", format(task.likeThreshold()));
        data.put("hasMemory", !task.memory().isEmpty());
        data.put("memory", memory("user-memory", task.domain(), task.memory()));
        return prompt("simulation", data);
    }

    /** The original request again, its user message followed by the unusable answer and what was wrong with it. */
    public Prompt correction(Prompt original, String previousAnswer, String problem, String contractLine) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("original", original.user());
        data.put("previous", DataFence.clean(previousAnswer, DataFence.REASON_LIMIT));
        data.put("problem", problem);
        data.put("contractLine", contractLine);
        return original.withUser(templates.get(CORRECTION).data(data).render());
    }

    /**
     * sha256 of every resource this set's prompts are rendered from, by path under {@code prompts/}: the set's
     * templates (system and user messages, memory entries), the shared re-ask and every domain's words. For run
     * manifests: a changed word anywhere changes a hash.
     */
    public Map<String, String> resourceHashes() {
        return Map.copyOf(hashes);
    }

    private Prompt prompt(String agent, Map<String, Object> data) {
        return new Prompt(templates.get(agent + "-system").data(data).render(),
                templates.get(agent + "-user").data(data).render());
    }

    private Map<String, Object> common(Domain domain, List<Item> history, List<Item> candidates) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("d", domain);
        data.put("history", history.stream().map(ItemLabels::of).toList());
        data.put("candidates", ItemLabels.of(candidates));
        data.put("count", candidates.size());
        return data;
    }

    /** The memory entries, each in the set's entry template, joined by line breaks (as the released code joins). */
    private String memory(String template, Domain domain, List<MemoryEntry> entries) {
        List<String> rendered = entries.stream().map(entry -> templates.get(template).data(Map.of(
                "d", domain,
                "round", entry.round(),
                "item", DataFence.clean(entry.item(), DataFence.TITLE_LIMIT),
                "recommendationReason", DataFence.clean(entry.recommendationReason(), DataFence.REASON_LIMIT),
                "userReason", DataFence.clean(entry.userReason(), DataFence.REASON_LIMIT))).render()).toList();
        return String.join("\n", rendered);
    }

    private String load(Function<String, String> resources, String path) {
        String text = resources.apply(path);
        if (text == null) {
            throw new IllegalStateException("prompt resource " + FOLDER + path + " is missing from the artifact");
        }
        hashes.put(path, Checksums.sha256(text.getBytes(StandardCharsets.UTF_8)));
        return text;
    }

    private static String withoutFinalLineBreak(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static String format(float value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** The text of a resource under {@code prompts/}, or null when there is none. */
    public static String read(String path) {
        String resource = FOLDER + path;
        try (InputStream in = PromptLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}

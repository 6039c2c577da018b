package dev.afl.prompt;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the agents' prompts from the templates in {@code prompts/} (Qute syntax). The one place prompt text
 * is produced: the functions, the API, the CLI and the tests all render through it. Untrusted text is cleaned
 * by {@link DataFence} before it reaches a template.
 */
public final class PromptLibrary {

    /** Template names, as files {@code prompts/<name>.txt}. */
    static final List<String> NAMES = List.of("recommender-first", "recommender-next", "recommender-memory", "recommender-shortlist", "user",
            "user-memory", "user-simulation", "correction");

    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();

    public PromptLibrary() {
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).build();
        for (String name : NAMES) {
            String text = read("prompts/" + name + ".txt");
            templates.put(name, engine.parse(text));
            hashes.put(name, Checksums.sha256(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Round 1 prompt when nothing was rejected yet, else the prompt with the agent's memory. */
    public String recommender(RecommendationTask task) {
        Map<String, Object> data = common(task.domain(), task.history(), task.candidates());
        data.put("hasModel", task.hasModel());
        if (task.memory().isEmpty()) {
            data.put("suggestion", task.hasModel() ? ItemLabels.of(task.modelSuggestion()) : "");
            return render("recommender-first", data);
        }
        data.put("memory", memory("recommender-memory", task.memory()));
        return render("recommender-next", data);
    }

    /** The ranker variants' prompt: the agent's best {@code size} candidates, best first. */
    public String shortlist(RecommendationTask task, int size) {
        Map<String, Object> data = common(task.domain(), task.history(), task.candidates());
        data.put("hasModel", task.hasModel());
        data.put("suggestion", task.hasModel() ? ItemLabels.of(task.modelSuggestion()) : "");
        data.put("shortlistSize", size); // not "size": Qute reads that as the map's own size
        return render("recommender-shortlist", data);
    }

    public String user(JudgementTask task) {
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
        data.put("hasMemory", !task.memory().isEmpty());
        data.put("memory", memory("user-memory", task.memory()));
        return render("user", data);
    }

    /** The user-simulation judgement of one item (paper Table 5), optionally with memory of a loop. */
    public String userSimulation(RatingTask task) {
        Map<String, Object> data = common(task.domain(), task.history(), List.of());
        data.put("item", ItemLabels.of(task.item()));
        data.put("score", format(task.rewardScore()));
        data.put("threshold", format(task.likeThreshold()));
        data.put("hasMemory", !task.memory().isEmpty());
        data.put("memory", memory("user-memory", task.memory()));
        return render("user-simulation", data);
    }

    /** The original prompt again, with the unusable answer and what was wrong with it. */
    public String correction(String originalPrompt, String previousAnswer, String problem, String contractLine) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("original", originalPrompt);
        data.put("previous", DataFence.clean(previousAnswer, DataFence.REASON_LIMIT));
        data.put("problem", problem);
        data.put("contractLine", contractLine);
        return render("correction", data);
    }

    /** sha256 of each template's text, for run manifests. */
    public Map<String, String> templateHashes() {
        return Map.copyOf(hashes);
    }

    private Map<String, Object> common(Domain domain, List<Item> history, List<Item> candidates) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("d", domain);
        data.put("history", history.stream().map(ItemLabels::of).toList());
        data.put("candidates", ItemLabels.of(candidates));
        return data;
    }

    private String memory(String template, List<MemoryEntry> entries) {
        List<Map<String, Object>> cleaned = entries.stream().map(entry -> Map.<String, Object>of(
                "round", entry.round(),
                "item", DataFence.clean(entry.item(), DataFence.TITLE_LIMIT),
                "recommendationReason", DataFence.clean(entry.recommendationReason(), DataFence.REASON_LIMIT),
                "userReason", DataFence.clean(entry.userReason(), DataFence.REASON_LIMIT))).toList();
        return render(template, Map.of("entries", cleaned)).strip() + "\n";
    }

    private String render(String name, Map<String, Object> data) {
        return templates.get(name).data(data).render();
    }

    private static String format(float value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String read(String resource) {
        try (InputStream in = PromptLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("prompt template " + resource + " is missing from the artifact");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}

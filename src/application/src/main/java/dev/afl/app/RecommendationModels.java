package dev.afl.app;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmOnlyModel;
import dev.afl.catalog.ItemCatalog;
import dev.afl.model.RecommendationModel;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.remote.RemoteModelSettings;
import dev.afl.model.remote.RemoteRecommendationModel;
import dev.afl.prompt.PromptSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a recommendation model's name for a dataset, the one place every command, the functions and the
 * evaluation choose it: a bundled ONNX model (any card in the models folder), {@value LlmOnlyModel#NAME} (the
 * recommender LLM picks, with no model) or {@value RemoteRecommendationModel#NAME} (the endpoint configured under
 * {@code afl.models.remote.*}). The reward model stays a bundled ONNX model.
 */
@ApplicationScoped
public class RecommendationModels {

    private final AflConfig config;
    private final AgentFactory agents;
    private final Map<String, RecommendationModel> llm = new ConcurrentHashMap<>();
    private final Map<String, RecommendationModel> remote = new ConcurrentHashMap<>();

    @Inject
    public RecommendationModels(AflConfig config, AgentFactory agents) {
        this.config = config;
        this.agents = agents;
    }

    /**
     * The model called {@code name} for {@code dataset}.
     *
     * @param registry loads the bundled models
     * @param catalog  the catalog a bundled model must cover, or null (the functions: requests are checked against
     *                 the models' vocabularies instead)
     */
    public RecommendationModel resolve(String name, String dataset, ModelRegistry registry, ItemCatalog catalog) {
        return resolve(name, dataset, registry, catalog, agents.promptSet());
    }

    /** The same, the {@code llm} model asking with {@code prompts} (a run's {@code --prompt-set}). */
    public RecommendationModel resolve(String name, String dataset, ModelRegistry registry, ItemCatalog catalog,
            PromptSet prompts) {
        return switch (name) {
            case LlmOnlyModel.NAME -> llm.computeIfAbsent(dataset + "/" + prompts.id(), key -> new LlmOnlyModel(dataset,
                    agents.recommenderLlmAgent(prompts), agents.recommenderModel()));
            case RemoteRecommendationModel.NAME -> remote.computeIfAbsent(dataset,
                    key -> RemoteRecommendationModel.of(key, remoteSettings()));
            default -> {
                requireBundled(name, dataset, registry);
                yield catalog == null ? registry.bundled(dataset, name) : registry.bundled(dataset, name, catalog);
            }
        };
    }

    /** The name sessions record for the model ({@code lastfm/gru4rec}), known without loading it. */
    public String recordedName(String name, String dataset, ModelRegistry registry) {
        if (!bundled(name)) {
            return dataset + "/" + name;
        }
        requireBundled(name, dataset, registry);
        return registry.card(dataset, name).key();
    }

    /** The item ids the model can score, or empty when it takes any id ({@code llm}, {@code remote}). */
    public Optional<List<String>> vocabulary(String name, String dataset, ModelRegistry registry) {
        if (!bundled(name)) {
            return Optional.empty();
        }
        requireBundled(name, dataset, registry);
        return Optional.of(registry.card(dataset, name).itemIds());
    }

    /** Every name {@link #resolve} accepts for the dataset: its bundled models, then llm and remote. */
    public List<String> choices(String dataset, ModelRegistry registry) {
        List<String> choices = new ArrayList<>(registry.bundledNames(dataset));
        choices.add(LlmOnlyModel.NAME);
        choices.add(RemoteRecommendationModel.NAME);
        return choices;
    }

    private static boolean bundled(String name) {
        return !name.equals(LlmOnlyModel.NAME) && !name.equals(RemoteRecommendationModel.NAME);
    }

    private void requireBundled(String name, String dataset, ModelRegistry registry) {
        if (!registry.bundledNames(dataset).contains(name)) {
            throw new AflException("Unknown recommendation model '" + name + "' for " + dataset + ": choose one of "
                    + String.join(", ", choices(dataset, registry)) + ". Bundled ONNX models are the model cards in"
                    + " the models folder (" + ModelRegistry.MODELS_DIR_VARIABLE + "); llm needs an LLM configured"
                    + " (AFL_LLM_MODEL); remote needs afl.models.remote.url (AFL_REMOTE_MODEL_URL).");
        }
    }

    private RemoteModelSettings remoteSettings() {
        AflConfig.Remote remote = config.models().remote();
        String url = remote.url().filter(value -> !value.isBlank()).orElseThrow(() -> new AflException(
                "The recommendation model 'remote' needs its endpoint: set afl.models.remote.url (AFL_REMOTE_MODEL_URL)"
                        + " to the URL that answers POST {\"dataset\", \"history\", \"candidates\"} with {\"scores\"}."));
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new AflException("afl.models.remote.url (AFL_REMOTE_MODEL_URL) is not a URL: " + e.getMessage()
                    + ". Give one such as https://recommender.example.com/score.", e);
        }
        return new RemoteModelSettings(uri, remote.timeout(), remote.retries(), remote.backoff(),
                remote.maxRetryAfter(), remote.apiKey().filter(key -> !key.isBlank()), remote.apiKeyHeader());
    }
}

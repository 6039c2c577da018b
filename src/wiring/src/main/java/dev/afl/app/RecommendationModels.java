package dev.afl.app;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmOnlyModel;
import dev.afl.catalog.ItemCatalog;
import dev.afl.model.ModelChoices;
import dev.afl.model.RecommendationModel;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.remote.RemoteModelSettings;
import dev.afl.model.remote.RemoteRecommendationModel;
import dev.afl.prompt.PromptSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
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
        return resolve(name, dataset, registry, catalog, prompts, null);
    }

    /**
     * The same, the {@code llm} model sampling with {@code seed} (an experiment's repeat run; null: no seed sent); the
     * other models are deterministic and read no seed.
     */
    public RecommendationModel resolve(String name, String dataset, ModelRegistry registry, ItemCatalog catalog,
            PromptSet prompts, Integer seed) {
        return switch (name) {
            case LlmOnlyModel.NAME -> llm.computeIfAbsent(dataset + "/" + prompts.id() + "/" + seed,
                    key -> new LlmOnlyModel(dataset, agents.recommenderLlmAgent(prompts, seed),
                            agents.recommenderModel()));
            case RemoteRecommendationModel.NAME -> remote.computeIfAbsent(dataset,
                    key -> RemoteRecommendationModel.of(key, remoteSettings()));
            default -> {
                requireBundled(name, dataset, registry);
                yield catalog == null ? registry.bundled(dataset, name) : registry.bundled(dataset, name, catalog);
            }
        };
    }

    /** {@link ModelChoices#recordedName}, over the registry's cards. */
    public String recordedName(String name, String dataset, ModelRegistry registry) {
        return ModelChoices.recordedName(name, dataset, registry.cards());
    }

    /** {@link ModelChoices#vocabulary}, over the registry's cards. */
    public Optional<List<String>> vocabulary(String name, String dataset, ModelRegistry registry) {
        return ModelChoices.vocabulary(name, dataset, registry.cards());
    }

    /** {@link ModelChoices#defaultFor} the configured model, over the registry's cards. */
    public String defaultName(String dataset, ModelRegistry registry) {
        return ModelChoices.defaultFor(config.models().recommendation(), dataset, registry.cards());
    }

    /** {@link ModelChoices#choices}, over the registry's cards. */
    public List<String> choices(String dataset, ModelRegistry registry) {
        return ModelChoices.choices(dataset, registry.cards());
    }

    private void requireBundled(String name, String dataset, ModelRegistry registry) {
        ModelChoices.requireBundled(name, dataset, registry.cards());
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

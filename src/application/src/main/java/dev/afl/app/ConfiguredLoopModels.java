package dev.afl.app;

import dev.afl.loop.LoopModels;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import dev.afl.model.onnx.ModelRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured models ({@code afl.models.*}) of any dataset, for the functions and the API: the recommendation
 * model by name (bundled, llm or remote, through {@link RecommendationModels}) and the bundled reward model,
 * loaded on first use, once per process and only those a step needs. Requests are checked against the bundled
 * cards' vocabularies, which costs no ONNX session (an llm or remote model takes any id the reward model knows).
 */
@Singleton
public class ConfiguredLoopModels implements LoopModels {

    private final AflConfig config;
    private final ModelRegistry models;
    private final RecommendationModels recommendationModels;
    private final Map<String, Set<String>> vocabularies = new ConcurrentHashMap<>();

    @Inject
    public ConfiguredLoopModels(AflConfig config, ModelRegistry models, RecommendationModels recommendationModels) {
        this.config = config;
        this.models = models;
        this.recommendationModels = recommendationModels;
    }

    @Override
    public RecommendationModel recommendation(String dataset) {
        return recommendationModels.resolve(config.models().recommendation(), dataset, models, null);
    }

    @Override
    public RewardModel reward(String dataset) {
        return models.bundled(dataset, config.models().reward());
    }

    @Override
    public String recommendationName(String dataset) {
        return recommendationModels.recordedName(config.models().recommendation(), dataset, models);
    }

    @Override
    public String rewardName(String dataset) {
        return models.card(dataset, config.models().reward()).key();
    }

    @Override
    public boolean knows(String dataset, String itemId) {
        return vocabularies.computeIfAbsent(dataset, this::vocabulary).contains(itemId);
    }

    /**
     * Whether the configured models serve the dataset: the reward model is bundled for it, and so is the
     * recommendation model unless it is llm or remote (Steam has no bundled models, for want of a training split).
     */
    public boolean serves(String dataset) {
        Set<String> bundled = Set.copyOf(models.bundledNames(dataset));
        String recommendation = config.models().recommendation();
        return bundled.contains(config.models().reward())
                && (bundled.contains(recommendation) || recommendationModels.choices(dataset, models).contains(recommendation));
    }

    private Set<String> vocabulary(String dataset) {
        Set<String> known = new HashSet<>(models.card(dataset, config.models().reward()).itemIds());
        recommendationModels.vocabulary(config.models().recommendation(), dataset, models).ifPresent(known::retainAll);
        return known;
    }
}

package dev.afl.app;

import dev.afl.loop.LoopModels;
import dev.afl.model.ModelCard;
import dev.afl.model.ModelRegistry;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured bundled models ({@code afl.models.*}) of any dataset, loaded on first use, once per process and
 * only those a step needs (the functions and the API share it). Requests are checked against the cards'
 * vocabularies, which costs no ONNX session.
 */
@Singleton
public class BundledLoopModels implements LoopModels {

    private final AflConfig config;
    private final ModelRegistry models;
    private final Map<String, Set<String>> vocabularies = new ConcurrentHashMap<>();

    @Inject
    public BundledLoopModels(AflConfig config, ModelRegistry models) {
        this.config = config;
        this.models = models;
    }

    @Override
    public RecommendationModel recommendation(String dataset) {
        return models.bundled(dataset, config.models().recommendation());
    }

    @Override
    public RewardModel reward(String dataset) {
        return models.bundled(dataset, config.models().reward());
    }

    @Override
    public String recommendationName(String dataset) {
        return models.card(dataset, config.models().recommendation()).key();
    }

    @Override
    public String rewardName(String dataset) {
        return models.card(dataset, config.models().reward()).key();
    }

    @Override
    public boolean knows(String dataset, String itemId) {
        return vocabularies.computeIfAbsent(dataset, this::vocabulary).contains(itemId);
    }

    /** Whether both configured models are bundled for the dataset (Steam has none, for want of a training split). */
    public boolean serves(String dataset) {
        return models.bundledNames(dataset).containsAll(Set.of(config.models().recommendation(),
                config.models().reward()));
    }

    private Set<String> vocabulary(String dataset) {
        ModelCard rec = models.card(dataset, config.models().recommendation());
        ModelCard reward = models.card(dataset, config.models().reward());
        Set<String> known = new HashSet<>(rec.itemIds());
        known.retainAll(reward.itemIds());
        return known;
    }
}

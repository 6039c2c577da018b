package dev.afl.app;

import dev.afl.loop.LoopModels;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import dev.afl.model.onnx.ModelRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The configured models ({@code afl.models.*}) of any dataset, for the API and the functions that ask both: the
 * recommendation model by name (bundled, llm or remote, through {@link RecommendationModels}) and the bundled reward
 * model, loaded on first use, once per process and only those a step needs. Requests are checked against the
 * bundled cards' vocabularies ({@link ConfiguredModelNames}), which costs no ONNX session.
 */
@Singleton
public class ConfiguredLoopModels implements LoopModels {

    private final ConfiguredModelNames names;
    private final NamedLoopModels models;

    @Inject
    public ConfiguredLoopModels(AflConfig config, ModelRegistry registry, RecommendationModels recommendationModels,
            ConfiguredModelNames names) {
        this.names = names;
        this.models = new NamedLoopModels(names,
                dataset -> recommendationModels.resolve(config.models().recommendation(), dataset, registry, null),
                dataset -> registry.bundled(dataset, config.models().reward()));
    }

    @Override
    public RecommendationModel recommendation(String dataset) {
        return models.recommendation(dataset);
    }

    @Override
    public RewardModel reward(String dataset) {
        return models.reward(dataset);
    }

    @Override
    public String recommendationName(String dataset) {
        return models.recommendationName(dataset);
    }

    @Override
    public String rewardName(String dataset) {
        return models.rewardName(dataset);
    }

    @Override
    public boolean knows(String dataset, String itemId) {
        return models.knows(dataset, itemId);
    }

    /** {@link ConfiguredModelNames#serves}. */
    public boolean serves(String dataset) {
        return names.serves(dataset);
    }
}

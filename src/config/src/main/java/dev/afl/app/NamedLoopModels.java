package dev.afl.app;

import dev.afl.loop.LoopModels;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import java.util.function.Function;

/**
 * The configured models of any dataset: names and vocabularies from the cards ({@link ConfiguredModelNames}), the
 * models themselves from the loaders a deployable has. A function gives only the loader of the model its step asks
 * for, and {@link #notLoadedBy} for the other, so it carries no library it does not use.
 */
public class NamedLoopModels implements LoopModels {

    private final ConfiguredModelNames names;
    private final Function<String, RecommendationModel> recommendation;
    private final Function<String, RewardModel> reward;

    public NamedLoopModels(ConfiguredModelNames names, Function<String, RecommendationModel> recommendation,
            Function<String, RewardModel> reward) {
        this.names = names;
        this.recommendation = recommendation;
        this.reward = reward;
    }

    /**
     * A loader for a model the deployable does not load: asking it is a wiring error (an event sent to the wrong
     * function), said as such.
     */
    public static <T> Function<String, T> notLoadedBy(String deployable, String model) {
        return dataset -> {
            throw new IllegalStateException("The " + deployable + " function loads no " + model + " model (asked for "
                    + dataset + "): this step belongs to another function; check the state machine's Resource for it.");
        };
    }

    @Override
    public RecommendationModel recommendation(String dataset) {
        return recommendation.apply(dataset);
    }

    @Override
    public RewardModel reward(String dataset) {
        return reward.apply(dataset);
    }

    @Override
    public String recommendationName(String dataset) {
        return names.recommendationName(dataset);
    }

    @Override
    public String rewardName(String dataset) {
        return names.rewardName(dataset);
    }

    @Override
    public boolean knows(String dataset, String itemId) {
        return names.knows(dataset, itemId);
    }
}

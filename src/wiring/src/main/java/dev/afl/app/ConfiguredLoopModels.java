package dev.afl.app;

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
public class ConfiguredLoopModels extends NamedLoopModels {

    private final ConfiguredModelNames names;

    @Inject
    public ConfiguredLoopModels(AflConfig config, ModelRegistry registry, RecommendationModels recommendationModels,
            ConfiguredModelNames names) {
        super(names, dataset -> recommendationModels.resolve(names.recommendation(dataset), dataset, registry, null),
                dataset -> registry.bundled(dataset, config.models().reward()));
        this.names = names;
    }

    /** {@link ConfiguredModelNames#serves}. */
    public boolean serves(String dataset) {
        return names.serves(dataset);
    }
}

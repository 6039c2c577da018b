package dev.afl.app;

import dev.afl.data.DataLocation;
import dev.afl.model.BundledCards;
import dev.afl.model.ReferenceCheckpointModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bundled models' folder (AFL_MODELS_DIR) and the configured models' names read from its cards, once per process.
 * Where models are made at first use (afl.models.import-at-first-use: the API) and the published Steam checkpoint is
 * at hand (AFL_REFERENCE_MODELS), Steam is served too, its model imported at first use and logged.
 */
@ApplicationScoped
public class ModelFolder {

    private static final Logger LOG = Logger.getLogger(ModelFolder.class);

    @Produces
    @Singleton
    BundledCards cards(AflConfig config) {
        if (!config.models().importAtFirstUse()) {
            return new BundledCards(BundledCards.defaultDirectory());
        }
        return new BundledCards(BundledCards.defaultDirectory(), ReferenceCheckpointModels.fromEnvironment(
                DataLocation.resolve(Optional.empty(), System.getenv()), LOG::info, false));
    }

    @Produces
    @Singleton
    ConfiguredModelNames names(AflConfig config, BundledCards cards) {
        return new ConfiguredModelNames(config, cards);
    }
}

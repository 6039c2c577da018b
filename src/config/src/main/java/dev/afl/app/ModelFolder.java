package dev.afl.app;

import dev.afl.model.BundledCards;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The bundled models' folder (AFL_MODELS_DIR) and the configured models' names read from its cards, once per process. */
@ApplicationScoped
public class ModelFolder {

    @Produces
    @Singleton
    BundledCards cards() {
        return new BundledCards(BundledCards.defaultDirectory());
    }

    @Produces
    @Singleton
    ConfiguredModelNames names(AflConfig config, BundledCards cards) {
        return new ConfiguredModelNames(config, cards);
    }
}

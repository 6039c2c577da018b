package dev.afl.app;

import dev.afl.model.BundledCards;
import dev.afl.model.onnx.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The process-wide models, loaded once per container from the bundled folder whose cards name them. */
@ApplicationScoped
public class Infrastructure {

    @Produces
    @Singleton
    ModelRegistry models(BundledCards cards) {
        return new ModelRegistry(cards, 1);
    }

    void close(@Disposes ModelRegistry models) {
        models.close();
    }
}

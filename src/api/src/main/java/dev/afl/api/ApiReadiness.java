package dev.afl.api;

import dev.afl.app.AflConfig;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.data.KnownDataset;
import dev.afl.model.ModelArtifact;
import dev.afl.model.onnx.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to refine ({@code GET /q/health/ready}): the configured models' cards of every dataset the server serves
 * can be read now (read afresh, not the cached copies the requests use), and a file can be written to the session
 * folder and removed. Each failure says what to fix.
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

    static final String NAME = "afl-refinements";

    @Inject
    AflConfig config;
    @Inject
    ConfiguredLoopModels loopModels;
    @Inject
    ModelRegistry registry;
    @Inject
    RefinementService refinements;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        List<String> problems = new ArrayList<>();
        List<String> served = Arrays.stream(KnownDataset.values()).map(KnownDataset::id)
                .filter(loopModels::serves).toList();
        if (served.isEmpty()) {
            problems.add("no dataset has the configured models (recommendation " + config.models().recommendation()
                    + ", reward " + config.models().reward() + ") in " + ModelRegistry.defaultDirectory()
                    + ": set " + ModelRegistry.MODELS_DIR_VARIABLE + " to the models folder");
        }
        for (String dataset : served) {
            List<String> cards = new ArrayList<>();
            for (String model : configuredBundled(dataset)) {
                try {
                    ModelArtifact.readCard(registry.cards().cardFile(dataset, model));
                    cards.add(model);
                } catch (RuntimeException e) {
                    problems.add(dataset + "/" + model + ": " + e.getMessage());
                }
            }
            response.withData("models." + dataset, String.join(", ", cards));
        }
        Path folder = refinements.storeFolder();
        response.withData("store", folder.toAbsolutePath().toString());
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".ready-", ".tmp"));
        } catch (IOException | RuntimeException e) {
            problems.add("the session folder " + folder.toAbsolutePath() + " is not writable (" + e + "): give the"
                    + " server a folder it can write (serve --store, afl.api.store-dir or AFL_STATE_DIR)");
        }
        if (!problems.isEmpty()) {
            response.withData("problems", String.join("; ", problems));
        }
        return response.status(problems.isEmpty()).build();
    }

    /** The configured models that are bundled ONNX models (an llm or remote recommendation model has no card). */
    private Set<String> configuredBundled(String dataset) {
        Set<String> names = new LinkedHashSet<>();
        List<String> bundled = registry.bundledNames(dataset);
        for (String model : List.of(config.models().recommendation(), config.models().reward())) {
            if (bundled.contains(model)) {
                names.add(model);
            }
        }
        return names;
    }
}

package dev.afl.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.app.AflConfig;
import dev.afl.app.ConfiguredModelNames;
import dev.afl.app.NamedLoopModels;
import dev.afl.loop.LoopModels;
import dev.afl.loop.LoopParts;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crac.Core;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function shares: the settings, the DynamoDB session store and the strict event mapper. Each handler
 * builds its {@link FunctionSteps} here from the loop parts its step asks for, so a function module depends only on
 * the libraries of those parts.
 */
@Singleton
public class FunctionContext {

    private final AflConfig config;
    private final ObjectMapper json;
    private final ConfiguredModelNames names;
    private final MemoryStore store;
    private final StepTelemetry telemetry;
    /** CRaC keeps registered resources weakly: held here for the life of the function. */
    private final List<FunctionPriming> primings = new ArrayList<>();

    @Inject
    public FunctionContext(AflConfig config, ObjectMapper json, ConfiguredModelNames names, DynamoDbClient dynamo,
            StepTelemetry telemetry) {
        this.config = config;
        this.telemetry = telemetry;
        this.json = json;
        this.names = names;
        this.store = new DynamoDbMemoryStore(dynamo, config.store().table(), config.store().retention());
    }

    /**
     * The steps of the loop made of these parts (the recommend and judge functions: the configured ones), each step
     * played logged and measured ({@link StepTelemetry}).
     */
    public FunctionSteps steps(LoopParts parts) {
        return new FunctionSteps(config, store, json, parts.observedBy(telemetry));
    }

    /**
     * The steps of a function that asks no agent: the models are known by their cards, and the given loaders load
     * the ones it asks for (none for start and finalize).
     */
    public FunctionSteps stepsWithoutAgents(String function, LoopModels models) {
        AbsentAgents absent = new AbsentAgents(function);
        return steps(new LoopParts(models, absent, absent));
    }

    /**
     * Primes the function before a SnapStart snapshot (and at start-up when {@code afl.functions.prime-at-start} is
     * on): a session read, then {@code loadModels} for each dataset the package bundles a model of (a no-op for the
     * functions that load none). See {@link FunctionPriming}.
     */
    public void primeWith(String function, Consumer<String> loadModels) {
        FunctionPriming priming = new FunctionPriming(function, store, names.bundledDatasets(), loadModels);
        primings.add(priming);
        Core.getGlobalContext().register(priming);
        if (config.functions().primeAtStart()) {
            priming.prime();
        }
    }

    /** The models as their cards name them, loading none: for functions that only check or store. */
    public LoopModels cardsOnly(String function) {
        return new NamedLoopModels(names, NamedLoopModels.notLoadedBy(function, "recommendation"),
                NamedLoopModels.notLoadedBy(function, "reward"));
    }

    public ConfiguredModelNames names() {
        return names;
    }

    public AflConfig config() {
        return config;
    }

    /** The session store, for the tests and tools that read what the functions wrote. */
    @Produces
    @Singleton
    MemoryStore sessions() {
        return store;
    }
}

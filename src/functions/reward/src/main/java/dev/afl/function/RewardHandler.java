package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.app.NamedLoopModels;
import dev.afl.model.BundledCards;
import dev.afl.model.onnx.ModelRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;

/** Function {@code reward}: the reward model scores the round's proposal among the candidates. */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
// Built at start-up, so that its priming is registered before a SnapStart snapshot (FunctionPriming).
@Startup
@Singleton
@Named("reward")
public class RewardHandler implements RequestHandler<StepEvent, StepResult> {

    private final FunctionSteps steps;

    /** The bundled reward model only, loaded on the first event (the process's one ONNX session for it). */
    @Inject
    public RewardHandler(FunctionContext context, BundledCards cards) {
        ModelRegistry registry = new ModelRegistry(cards, 1);
        String reward = context.config().models().reward();
        this.steps = context.stepsWithoutAgents("reward", new NamedLoopModels(context.names(),
                NamedLoopModels.notLoadedBy("reward", "recommendation"), dataset -> registry.bundled(dataset, reward)));
        context.primeWith("reward", dataset -> {
            // Loaded, then run once: a session's first run costs ONNX Runtime more than the ones after it.
            List<String> items = cards.card(dataset, reward).itemIds();
            registry.bundled(dataset, reward).score(items.subList(0, 1), items.subList(1, Math.min(3, items.size())));
        });
    }

    @Override
    public StepResult handleRequest(StepEvent event, Context context) {
        return StepResult.of(steps.reward(event), event.round());
    }
}

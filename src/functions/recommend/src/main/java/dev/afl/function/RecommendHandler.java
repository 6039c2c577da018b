package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.Deadline;
import dev.afl.app.LoopAssembly;
import dev.afl.loop.LoopParts;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Function {@code recommend}: the recommendation model and the recommendation agent propose the round's item. */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
// Built at start-up, so that its priming is registered before a SnapStart snapshot (FunctionPriming).
@Startup
@Singleton
@Named("recommend")
public class RecommendHandler implements RequestHandler<StepEvent, StepResult> {

    private final FunctionSteps steps;

    /** The configured recommendation model and agents (the user agent is not asked by this step). */
    @Inject
    public RecommendHandler(FunctionContext context, LoopAssembly assembly) {
        LoopParts parts = assembly.configured();
        this.steps = context.steps(parts);
        context.primeWith("recommend", dataset -> parts.models().recommendation(dataset));
    }

    @Override
    public StepResult handleRequest(StepEvent event, Context context) {
        // Within the invocation's time, so the function answers before Lambda kills it.
        return StepResult.of(Deadline.within(InvocationTime.of(context), () -> steps.recommend(event)),
                event.round());
    }
}

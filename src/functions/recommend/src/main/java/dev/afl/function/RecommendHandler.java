package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.Deadline;
import dev.afl.app.LoopAssembly;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Function {@code recommend}: the recommendation model and the recommendation agent propose the round's item. */
@Named("recommend")
public class RecommendHandler implements RequestHandler<StepEvent, StepResult> {

    private final FunctionSteps steps;

    /** The configured recommendation model and agents (the user agent is not asked by this step). */
    @Inject
    public RecommendHandler(FunctionContext context, LoopAssembly assembly) {
        this.steps = context.steps(assembly.configured());
    }

    @Override
    public StepResult handleRequest(StepEvent event, Context context) {
        // Within the invocation's time, so the function answers before Lambda kills it.
        return StepResult.of(Deadline.within(InvocationTime.of(context), () -> steps.recommend(event)),
                event.round());
    }
}

package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.Deadline;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Function {@code recommend}: the recommendation model and the recommendation agent propose the round's item. */
@Named("recommend")
public class RecommendHandler implements RequestHandler<StepEvent, StepResult> {

    @Inject
    FunctionSteps steps;

    @Override
    public StepResult handleRequest(StepEvent event, Context context) {
        // Within the invocation's time, so the function answers before Lambda kills it.
        return StepResult.of(Deadline.within(InvocationTime.of(context), () -> steps.recommend(event)),
                event.round());
    }
}

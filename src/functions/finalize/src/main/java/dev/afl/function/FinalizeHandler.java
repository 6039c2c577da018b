package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Function {@code finalize}: ends the session (accepted, round limit, or failed on the Catch path) and returns,
 * with the usual step result, the detail of the result event the state machine publishes and whether it still has
 * to publish it, and the session as {@code POST /v1/refinements} answers it (or, failed, the problem it answers);
 * called again with {@code resultPublished} after publishing, it records that.
 */
@Named("finalize")
public class FinalizeHandler implements RequestHandler<FinalizeEvent, StepResult> {

    private final FunctionSteps steps;

    /** Finishing reads and writes the session only. */
    @Inject
    public FinalizeHandler(FunctionContext context) {
        this.steps = context.stepsWithoutAgents("finalize", context.cardsOnly("finalize"));
    }

    @Override
    public StepResult handleRequest(FinalizeEvent event, Context context) {
        return StepResult.finished(steps.finish(event), event.error() == null ? null : event.error().Error());
    }
}

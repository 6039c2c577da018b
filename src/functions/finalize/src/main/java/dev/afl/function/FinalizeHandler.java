package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Function {@code finalize}: ends the session (accepted, round limit, or failed on the Catch path) and returns,
 * with the usual step result, the detail of the result event the state machine publishes and whether it still has
 * to publish it, and the session as {@code POST /v1/refinements} answers it (or, failed, the problem it answers);
 * called again with {@code resultPublished} after publishing, it records that.
 */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
// Built at start-up, so that its priming is registered before a SnapStart snapshot (FunctionPriming).
@Startup
@Singleton
@Named("finalize")
public class FinalizeHandler implements RequestHandler<FinalizeEvent, StepResult> {

    private final FunctionSteps steps;

    /** Finishing reads and writes the session only. */
    @Inject
    public FinalizeHandler(FunctionContext context) {
        this.steps = context.stepsWithoutAgents("finalize", context.cardsOnly("finalize"));
        context.primeWith("finalize", dataset -> { }); // the session read only: it loads no model
    }

    @Override
    public StepResult handleRequest(FinalizeEvent event, Context context) {
        return StepResult.finished(steps.finish(event), event.error() == null ? null : event.error().Error());
    }
}

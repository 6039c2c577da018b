package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.memory.Session;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Function {@code finalize}: ends the session (accepted, round limit, or failed on the Catch path). */
@Named("finalize")
public class FinalizeHandler implements RequestHandler<FinalizeEvent, StepResult> {

    @Inject
    FunctionSteps steps;

    @Override
    public StepResult handleRequest(FinalizeEvent event, Context context) {
        Session session = steps.finish(event);
        return StepResult.of(session, session.rounds().size());
    }
}

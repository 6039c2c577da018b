package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Function {@code start}: checks the request and creates the session; the state machine then plays round 1. */
@Named("start")
public class StartHandler implements RequestHandler<StartEvent, StepResult> {

    @Inject
    FunctionSteps steps;

    @Override
    public StepResult handleRequest(StartEvent event, Context context) {
        return StepResult.of(steps.start(event), 1);
    }
}

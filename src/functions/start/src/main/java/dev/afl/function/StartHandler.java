package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Function {@code start}: checks the request and creates the session; the state machine then plays round 1. */
@Named("start")
public class StartHandler implements RequestHandler<StartEvent, StepResult> {

    private final FunctionSteps steps;

    /** The start step checks the request against the models' cards and asks no model or agent. */
    @Inject
    public StartHandler(FunctionContext context) {
        this.steps = context.stepsWithoutAgents("start", context.cardsOnly("start"));
    }

    @Override
    public StepResult handleRequest(StartEvent event, Context context) {
        return StepResult.of(steps.start(event), 1);
    }
}

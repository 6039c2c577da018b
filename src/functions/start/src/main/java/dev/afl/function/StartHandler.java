package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.session.RefinementProblems;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Function {@code start}: checks the request and creates the session; the state machine then plays round 1. A request
 * the loop refuses (a field at fault, a session id taken by another request) is answered, not thrown: the answer
 * names the field and carries the problem {@code POST /v1/refinements} answers, which an error's message could not.
 * An event that cannot be read at all is still the function's error.
 */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
// Built at start-up, so that its priming is registered before a SnapStart snapshot (FunctionPriming).
@Startup
@Singleton
@Named("start")
public class StartHandler implements RequestHandler<StartEvent, StepResult> {

    private final FunctionSteps steps;

    /** The start step checks the request against the models' cards and asks no model or agent. */
    @Inject
    public StartHandler(FunctionContext context) {
        this.steps = context.stepsWithoutAgents("start", context.cardsOnly("start"));
        // The item ids a start event is checked against: the vocabularies, read from the cards.
        context.primeWith("start", dataset -> context.names().knows(dataset, FunctionPriming.SESSION_ID));
    }

    @Override
    public StepResult handleRequest(StartEvent event, Context context) {
        try {
            return StepResult.of(steps.start(event), 1);
        } catch (RuntimeException e) {
            if (RefinementProblems.isRefusal(e)) {
                return StepResult.refused(event.sessionId(), e);
            }
            throw e;
        }
    }
}

package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.evaluation.fanout.CaseResult;
import dev.afl.evaluation.recommendation.CasePlayer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Function {@code case-outcome}: after the loop has played a fan-out case, turns its session into the case's
 * outcome, the same way the local evaluation does, and returns it as a per-case result line. Reads only.
 */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
// Built at start-up, so that its priming is registered before a SnapStart snapshot (FunctionPriming).
@Startup
@Singleton
@Named("case-outcome")
public class CaseOutcomeHandler implements RequestHandler<CaseOutcomeEvent, CaseResult> {

    private final FunctionSteps steps;

    /** Reads the ended session only. */
    @Inject
    public CaseOutcomeHandler(FunctionContext context) {
        this.steps = context.stepsWithoutAgents("case-outcome", context.cardsOnly("case-outcome"));
        context.primeWith("case-outcome", dataset -> { }); // the session read only: it loads no model
    }

    @Override
    public CaseResult handleRequest(CaseOutcomeEvent event, Context context) {
        if (event == null || event.fanOutCase() == null) {
            throw new InvalidEventException("The case-outcome event needs 'sessionId' and 'case' (a case-file line).");
        }
        var evaluationCase = event.fanOutCase().evaluationCase();
        return new CaseResult(evaluationCase.id(), CasePlayer.outcome(evaluationCase, steps.ended(event.sessionId())));
    }
}

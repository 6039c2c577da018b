package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.Deadline;
import dev.afl.app.LoopAssembly;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Function {@code judge}: the user agent accepts or rejects the round's scored proposal. */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
// Built at start-up, so that its priming is registered before a SnapStart snapshot (FunctionPriming).
@Startup
@Singleton
@Named("judge")
public class JudgeHandler implements RequestHandler<StepEvent, StepResult> {

    private final FunctionSteps steps;

    /**
     * The configured agents; the recommendation model only when the user agent is shown its top pick (a variant),
     * loaded then.
     */
    @Inject
    public JudgeHandler(FunctionContext context, LoopAssembly assembly) {
        this.steps = context.steps(assembly.configured());
        // The session read only: the default users load no model, and an LLM is not called to prime a function.
        context.primeWith("judge", dataset -> { });
    }

    @Override
    public StepResult handleRequest(StepEvent event, Context context) {
        // Within the invocation's time, so the function answers before Lambda kills it.
        dev.afl.memory.Session judged = Deadline.within(InvocationTime.of(context), () -> steps.judge(event));
        return StepResult.of(judged, event.round(), steps.shouldStop(judged));
    }
}

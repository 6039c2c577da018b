package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Function {@code reward}: the reward model scores the round's proposal among the candidates. */
@Named("reward")
public class RewardHandler implements RequestHandler<StepEvent, StepResult> {

    @Inject
    FunctionSteps steps;

    @Override
    public StepResult handleRequest(StepEvent event, Context context) {
        return StepResult.of(steps.reward(event), event.round());
    }
}

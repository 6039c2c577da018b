package dev.afl.function;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The functions' events and results, which Jackson reads and writes by reflection, registered for a native image
 * beside the shared records of {@code dev.afl.app.NativeReflection}. Kept here, with the events, so that the
 * application package does not depend on the functions (each function becomes its own module). JVM builds ignore it.
 */
@RegisterForReflection(targets = {StartEvent.class, ItemRef.class, StepEvent.class, FinalizeEvent.class,
        FinalizeEvent.StepFailure.class, StepResult.class, StepResult.Refusal.class, CaseOutcomeEvent.class,
        AggregateEvent.class, dev.afl.session.SessionView.class, dev.afl.session.SessionView.Links.class,
        dev.afl.session.RoundView.class, dev.afl.session.ItemView.class, dev.afl.session.ProblemDetails.class,
        dev.afl.session.ProblemDetails.FieldProblem.class})
public final class FunctionEventReflection {

    private FunctionEventReflection() {
    }
}

package dev.afl.function;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The functions' events and results, which Jackson reads and writes by reflection, registered for a native image
 * beside the records every function stores ({@link StoredRecordReflection}). Kept here, with the events, so that the
 * application package does not depend on the functions (each function becomes its own module). JVM builds ignore it.
 * The types the events hold from the core ({@code Budget}; the result event is with the stored records) are
 * listed too: the Lambda extension registers a handler's types and what they hold only for classes in the Jandex index,
 * which the core's jar is not (the native build warned "Unable to properly register the hierarchy ... Budget").
 */
@RegisterForReflection(targets = {StartEvent.class, ItemRef.class, dev.afl.memory.Budget.class, StepEvent.class, FinalizeEvent.class,
        FinalizeEvent.StepFailure.class, StepResult.class, StepResult.Refusal.class, CaseOutcomeEvent.class,
        AggregateEvent.class, dev.afl.session.SessionView.class, dev.afl.session.SessionView.Links.class,
        dev.afl.session.RoundView.class, dev.afl.session.ItemView.class, dev.afl.session.ProblemDetails.class,
        dev.afl.session.ProblemDetails.FieldProblem.class})
public final class FunctionEventReflection {

    private FunctionEventReflection() {
    }
}

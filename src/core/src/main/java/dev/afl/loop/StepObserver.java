package dev.afl.loop;

/**
 * Told about each step a {@link FeedbackLoop} plays, after the step's write: logs and metrics hang here, the loop
 * stays free of them. An observer only reads; it is not told about a delivery of a step already stored (nothing
 * was played), nor about a step that failed (the caller sees the exception).
 */
@FunctionalInterface
public interface StepObserver {

    /** Tells nobody: the loop as the CLI, the API and the evaluations run it. */
    StepObserver NONE = record -> {
    };

    void played(StepRecord record);
}

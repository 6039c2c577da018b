package dev.afl.function;

/**
 * The input of the {@code finalize} function. {@code error} is set on the state machine's Catch path (the
 * {@code Error} and {@code Cause} that Step Functions reports); the session then ends as FAILED.
 */
public record FinalizeEvent(String sessionId, StepFailure error) {

    /** A failed state's error, as Step Functions passes it on. */
    public record StepFailure(String Error, String Cause) {
    }
}

package dev.afl.function;

/**
 * The input of the {@code finalize} function. {@code error} is set on the state machine's Catch path (the
 * {@code Error} and {@code Cause} that Step Functions reports); the session then ends as FAILED.
 * {@code resultPublished} is set by the state machine once it has put the session's result event on the bus: the
 * function then records that, so later deliveries of the request publish nothing.
 */
public record FinalizeEvent(String sessionId, StepFailure error, Boolean resultPublished) {

    /** Ends the session (failed when {@code error} is set). */
    public FinalizeEvent(String sessionId, StepFailure error) {
        this(sessionId, error, null);
    }

    /** A failed state's error, as Step Functions passes it on. */
    public record StepFailure(String Error, String Cause) {
    }
}

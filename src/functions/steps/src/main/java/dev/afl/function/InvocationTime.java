package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import dev.afl.Deadline;
import java.time.Duration;

/**
 * The time a Lambda invocation has left, as the {@link Deadline} of the step it runs, less a margin to store the
 * step and answer: past it the LLM calls in flight are cut and none starts, so the function answers (the agent's
 * fallback, or {@code LlmUnavailableException} / {@code RemoteModelUnavailableException}, which the state machine
 * retries in a new invocation) before Lambda kills it. The core sees only the deadline, not the AWS context.
 */
final class InvocationTime {

    /** Kept back for what follows the calls: the store's write (with its SDK retries) and the answer. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    private InvocationTime() {
    }

    /**
     * The deadline of an invocation, or null when the runtime gave none (no context, or none with a deadline: the
     * local mock event server sends no {@code Lambda-Runtime-Deadline-Ms}, so its time left reads as negative).
     */
    static Deadline of(Context context) {
        if (context == null) {
            return null;
        }
        long remaining = context.getRemainingTimeInMillis();
        if (remaining <= 0) {
            return null;
        }
        // A short invocation keeps a fifth back rather than the whole margin.
        long margin = Math.min(MARGIN.toMillis(), remaining / 5);
        return Deadline.in(Duration.ofMillis(remaining - margin), "the function's invocation time", false);
    }
}

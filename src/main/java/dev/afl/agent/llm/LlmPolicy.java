package dev.afl.agent.llm;

import dev.afl.AflException;
import java.time.Duration;

/**
 * The bounded ways an LLM exchange may try again.
 *
 * @param reAsks        how many times an unusable answer is re-asked, with what was wrong (default 2)
 * @param callRetries   how many times a failed call (HTTP 429/5xx, timeout, connection error, unreadable reply) is
 *                      retried; the OpenAI client itself tries once, so a call costs at most 1 + callRetries requests
 * @param backoff       the first retry's delay; each retry doubles it, with up to 50% jitter
 * @param maxRetryAfter the longest wait before a retry: the backoff stops growing there, and an LLM asking for a
 *                      longer {@code Retry-After} is given up on at once
 * @param failWhenUnavailable when the calls keep failing: throw {@link LlmUnavailableException} (the functions,
 *                      whose state machine retries the step with backoff) instead of taking the fallback
 */
public record LlmPolicy(int reAsks, int callRetries, Duration backoff, Duration maxRetryAfter,
        boolean failWhenUnavailable) {

    public static final LlmPolicy DEFAULT = new LlmPolicy(2, 2, Duration.ofMillis(500), Duration.ofSeconds(10), false);

    public LlmPolicy {
        if (reAsks < 0 || callRetries < 0 || backoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new AflException("afl.llm.re-asks, call-retries, backoff and max-retry-after must not be negative"
                    + " (got " + reAsks + ", " + callRetries + ", " + backoff + ", " + maxRetryAfter + ").");
        }
    }
}

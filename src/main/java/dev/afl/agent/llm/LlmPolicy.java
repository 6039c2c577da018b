package dev.afl.agent.llm;

import java.time.Duration;

/**
 * The bounded ways an LLM exchange may try again.
 *
 * @param reAsks        how many times an unusable answer is re-asked, with what was wrong (default 2)
 * @param callRetries   how many times a failed call (HTTP 429/5xx, timeout, connection error) is retried
 * @param backoff       the first retry's delay; each retry doubles it, with up to 50% jitter
 * @param failWhenUnavailable when the calls keep failing: throw {@link LlmUnavailableException} (the functions,
 *                      whose state machine retries the step with backoff) instead of taking the fallback
 */
public record LlmPolicy(int reAsks, int callRetries, Duration backoff, boolean failWhenUnavailable) {

    public static final LlmPolicy DEFAULT = new LlmPolicy(2, 2, Duration.ofMillis(500), false);

    public LlmPolicy {
        if (reAsks < 0 || callRetries < 0 || backoff.isNegative()) {
            throw new IllegalArgumentException("re-asks, retries and backoff must not be negative");
        }
    }
}

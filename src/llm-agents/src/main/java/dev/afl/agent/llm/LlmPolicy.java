package dev.afl.agent.llm;

import dev.afl.AflException;
import java.time.Duration;

/**
 * The bounded ways an LLM exchange may try again, and how long each try may take.
 *
 * @param reAsks        how many times an unusable answer is re-asked, with what was wrong (default 2)
 * @param callRetries   how many times a failed call (HTTP 429/5xx, past its deadline, connection error, unreadable
 *                      reply) is retried; the OpenAI client itself tries once, so a call costs at most 1 + callRetries
 *                      requests
 * @param backoff       the first retry's delay; each retry doubles it, with up to 50% jitter
 * @param maxRetryAfter the longest wait before a retry: the backoff stops growing there, and an LLM asking for a
 *                      longer {@code Retry-After} is given up on at once
 * @param failWhenUnavailable when the calls keep failing: throw {@link LlmUnavailableException} (the functions,
 *                      whose state machine retries the step with backoff) instead of taking the fallback
 * @param callDeadline  the whole of one call: connecting, the headers and the whole body (AFL_LLM_TIMEOUT)
 * @param unavailableCooldown after a call has failed for good (every retry spent), how long the agent takes its
 *                      fallback at once instead of asking again; zero asks every time. Only with the fallback: where
 *                      the caller retries the step ({@code failWhenUnavailable}), every step asks
 */
public record LlmPolicy(int reAsks, int callRetries, Duration backoff, Duration maxRetryAfter,
        boolean failWhenUnavailable, Duration callDeadline, Duration unavailableCooldown) {

    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);
    public static final LlmPolicy DEFAULT = new LlmPolicy(2, 2, Duration.ofMillis(500), Duration.ofSeconds(10), false);

    public LlmPolicy {
        if (reAsks < 0 || callRetries < 0 || backoff.isNegative() || maxRetryAfter.isNegative()
                || unavailableCooldown.isNegative()) {
            throw new AflException("afl.llm.re-asks, call-retries, backoff, max-retry-after and unavailable-cooldown"
                    + " must not be negative (got " + reAsks + ", " + callRetries + ", " + backoff + ", "
                    + maxRetryAfter + ", " + unavailableCooldown + ").");
        }
        if (callDeadline.isNegative() || callDeadline.isZero()) {
            throw new AflException("The LLM call deadline (AFL_LLM_TIMEOUT) must be positive, got " + callDeadline
                    + ".");
        }
    }

    /** The default deadline and cool-down. */
    public LlmPolicy(int reAsks, int callRetries, Duration backoff, Duration maxRetryAfter,
            boolean failWhenUnavailable) {
        this(reAsks, callRetries, backoff, maxRetryAfter, failWhenUnavailable, DEFAULT_CALL_DEADLINE,
                DEFAULT_COOLDOWN);
    }

    /**
     * The longest one agent turn can take: {@code 1 + reAsks} answers, each of at most {@code 1 + callRetries}
     * calls of at most {@link #callDeadline} and {@code callRetries} waits of at most {@link #maxRetryAfter}. A call
     * that fails for good ends the turn (no re-ask follows it), so this bound is reached only by answers that arrive
     * unusable after every retry but the last.
     */
    public Duration worstCaseTurn() {
        return callDeadline.multipliedBy(1L + callRetries).plus(maxRetryAfter.multipliedBy(callRetries))
                .multipliedBy(1L + reAsks);
    }
}

package dev.afl.agent.llm;

import dev.afl.ProviderError;
import java.time.Duration;

/**
 * The LLM answered HTTP 429 or 503 and said when to come back ({@code Retry-After}); {@link LlmExchange} reads the
 * wait from it.
 */
public class LlmBusyException extends LlmHttpException {

    private final Duration retryAfter;

    public LlmBusyException(ProviderError error, Duration retryAfter) {
        super(error, "HTTP " + error.status() + ", Retry-After " + retryAfter.toSeconds() + " s"
                + (error.code() == null ? "" : " (" + error.code() + ")")
                + (error.message().isEmpty() ? "" : ": " + error.message()));
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

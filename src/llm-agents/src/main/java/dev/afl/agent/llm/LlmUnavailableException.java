package dev.afl.agent.llm;

/**
 * The LLM could not be reached (HTTP 429/5xx, timeouts, connection errors) after the call retries. Raised only
 * where the caller retries the whole step (the state machine); locally the agents take their fallback instead.
 */
public class LlmUnavailableException extends RuntimeException {

    public LlmUnavailableException(String model, String problem, Throwable cause) {
        super("LLM " + model + " unavailable: " + problem, cause);
    }
}

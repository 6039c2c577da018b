package dev.afl.agent.llm;

import dev.afl.AflException;

/**
 * The LLM answered HTTP 401 or 403: it refused the configured key. A mistake of the configuration, not an outage:
 * not retried, no fallback; the session ends FAILED with this message and the command line exits 2.
 */
public class LlmCredentialsRefusedException extends AflException {

    public LlmCredentialsRefusedException(String model, LlmHttpException refusal) {
        super("The LLM refused the credentials: " + model + " answered " + refusal.error() + ". Check the key"
                + " (AFL_LLM_API_KEY, or AFL_RECOMMENDER_LLM_API_KEY / AFL_USER_LLM_API_KEY for one agent; in AWS the"
                + " secret of AFL_LLM_API_KEY_SECRET_ARN) and that AFL_LLM_BASE_URL is the provider it belongs to.",
                refusal);
    }
}

package dev.afl.agent.llm;

import dev.afl.AflException;

/**
 * The LLM answered HTTP 401 or 403: it refused the configured key (on Bedrock, the AWS credentials, or there were none
 * to send). A mistake of the configuration, not an outage: not retried, no fallback; the session ends FAILED with this
 * message and the command line exits 4.
 */
public class LlmCredentialsRefusedException extends AflException {

    public LlmCredentialsRefusedException(String model, LlmHttpException refusal) {
        super("The LLM refused the credentials: " + model + " answered " + refusal.error() + ". "
                + refusal.credentialsAdvice(), refusal);
    }

    /** No credentials to send at all (none found where the provider's client looks): {@code message} says where. */
    public LlmCredentialsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

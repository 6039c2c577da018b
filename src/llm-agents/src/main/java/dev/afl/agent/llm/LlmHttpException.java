package dev.afl.agent.llm;

import dev.afl.ProviderError;
import dev.langchain4j.exception.HttpException;

/**
 * The LLM answered an HTTP error. An {@link HttpException}, so LangChain4j classifies it by its status as it does any
 * other (401: authentication, 429: a rate limit, 5xx: a server error); its message is the {@link ProviderError}
 * (status, the provider's error code, a short redacted message), never the body, which may echo the key.
 */
public class LlmHttpException extends HttpException {

    private final ProviderError error;

    public LlmHttpException(ProviderError error) {
        this(error, error.toString());
    }

    LlmHttpException(ProviderError error, String message) {
        super(error.status(), message);
        this.error = error;
    }

    public ProviderError error() {
        return error;
    }

    /** HTTP 401 or 403: the provider refused the key; no retry and no fallback can help. */
    public boolean refusedCredentials() {
        return error.status() == 401 || error.status() == 403;
    }

    /** What to check when the provider refused the credentials: the settings they come from. */
    public String credentialsAdvice() {
        return "Check the key (AFL_LLM_API_KEY, or AFL_RECOMMENDER_LLM_API_KEY / AFL_USER_LLM_API_KEY for one agent; in"
                + " AWS the secret of AFL_LLM_API_KEY_SECRET_ARN) and that AFL_LLM_BASE_URL is the provider it belongs"
                + " to.";
    }
}

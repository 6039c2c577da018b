package dev.afl.agent.llm;

/**
 * The LLM could not be reached (HTTP 429/5xx, timeouts, connection errors) after the call retries. Raised only
 * where the caller retries the whole step (the state machine); locally the agents take their fallback instead.
 */
public class LlmUnavailableException extends RuntimeException {

    public LlmUnavailableException(String model, String problem, Throwable cause) {
        super("LLM " + model + " unavailable: " + problem + (problem.endsWith(".") ? "" : ".") + " Check that the LLM"
                + " at AFL_LLM_BASE_URL is up (with AFL_LLM_PROVIDER=bedrock: Bedrock in AFL_BEDROCK_REGION) and serves"
                + " this model, or set AFL_LLM_ON_UNAVAILABLE=fallback to go on with the agents' fallbacks.", cause);
    }

    /**
     * Whether a step failed because an LLM the server depends on could not answer or refused its key (a bad gateway,
     * 502), rather than the server itself failing (500): the one rule for the API and the functions.
     */
    public static boolean upstream(Throwable failure) {
        return failure instanceof LlmUnavailableException || failure instanceof LlmCredentialsRefusedException;
    }

    /** {@link #upstream(Throwable)} for a failure known by its class name, as Step Functions reports a step's error. */
    public static boolean upstream(String errorType) {
        return dev.afl.session.RefinementProblems.upstream(errorType);
    }
}

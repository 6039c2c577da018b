package dev.afl.agent.llm;

import dev.afl.AflException;
import dev.afl.Backoff;
import dev.afl.agent.AgentTrace;
import dev.afl.prompt.DataFence;
import dev.afl.prompt.Prompt;
import dev.afl.prompt.PromptLibrary;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One agent turn against an LLM, with every loop bounded: a failed call is retried {@code callRetries} times with
 * exponential backoff and jitter, waiting at least what a 429/503's {@code Retry-After} asks (a longer ask than
 * {@code maxRetryAfter} gives the call up at once); an error a retry cannot fix (HTTP 400/401/403/404) is not
 * retried; an unusable answer is re-asked {@code reAsks} times with what was wrong. If no usable answer comes, the
 * result is empty and the caller takes its named fallback. This is the only retry layer (the OpenAI client tries
 * once), and both LLM agents use this one implementation.
 */
final class LlmExchange {

    private static final Logger LOG = Logger.getLogger(LlmExchange.class);

    /** A usable value (or none) and the trace of how it was obtained. */
    record Outcome<T>(Parsed.Valid<T> answer, AgentTrace trace) {

        boolean usable() {
            return answer != null;
        }

        /**
         * The trace of a fallback, its diagnostic saying what the agent fell back to ({@code what}) and why: the
         * only place that diagnostic goes (never the answer's reason, which the other agent reads).
         */
        AgentTrace fallbackTrace(String what) {
            return trace.withFallbackReason(what + ": " + trace.fallbackReason());
        }
    }

    private final PromptLibrary prompts;
    private final LlmPolicy policy;
    private final String model;

    LlmExchange(PromptLibrary prompts, LlmPolicy policy, String model) {
        this.prompts = prompts;
        this.policy = policy;
        this.model = model;
    }

    <T> Outcome<T> ask(LlmCall call, Prompt prompt, Function<String, Parsed<T>> interpret, String contractLine) {
        long started = System.nanoTime();
        long inputTokens = 0;
        long outputTokens = 0;
        int attempts = 0;
        Prompt message = prompt;
        String problem;
        while (true) {
            Result<String> result;
            try {
                attempts++;
                result = callWithRetries(call, message);
            } catch (CallFailed failed) {
                problem = failed.getMessage();
                if (policy.failWhenUnavailable()) {
                    throw new LlmUnavailableException(model, problem, failed.getCause());
                }
                break;
            }
            TokenUsage usage = result.tokenUsage();
            if (usage != null) {
                inputTokens += usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
                outputTokens += usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
            }
            String reply = result.content();
            Parsed<T> parsed = interpret.apply(reply);
            if (parsed instanceof Parsed.Valid<T> valid) {
                // Reasons are stored and shown to the other agent: keep them one bounded line.
                return new Outcome<>(new Parsed.Valid<>(valid.value(), DataFence.clean(valid.reason(),
                        DataFence.REASON_LIMIT)), new AgentTrace(AgentTrace.LLM, model, promptSet(), attempts, false,
                        null, inputTokens, outputTokens, elapsedMillis(started)));
            }
            problem = ((Parsed.Invalid<T>) parsed).problem();
            if (attempts > policy.reAsks()) {
                problem = "no usable answer after " + attempts + " tries; last problem: " + problem;
                break;
            }
            message = prompts.correction(prompt, reply == null ? "" : reply, problem, contractLine);
        }
        LOG.warnf("LLM %s: %s; taking the fallback", model, problem);
        return new Outcome<>(null, new AgentTrace(AgentTrace.LLM, model, promptSet(), attempts, true, problem,
                inputTokens, outputTokens, elapsedMillis(started)));
    }

    private String promptSet() {
        return prompts.set().id();
    }

    /** One call, retried within the policy's bounds. */
    private Result<String> callWithRetries(LlmCall call, Prompt message) throws CallFailed {
        for (int tries = 1; ; tries++) {
            try {
                return call.chat(message.system(), message.user());
            } catch (AflException e) {
                // A mistake of the user's (a cassette without this request), not of the LLM: no retry, no fallback.
                throw e;
            } catch (RuntimeException e) {
                if (e instanceof NonRetriableException) {
                    throw new CallFailed("LLM call failed after 1 try, not retried (a retry cannot fix it): "
                            + describe(e), e);
                }
                if (tries > policy.callRetries()) {
                    throw new CallFailed("LLM call failed after " + tries + (tries == 1 ? " try: " : " tries: ")
                            + describe(e), e);
                }
                Optional<LlmBusyException> busy = busy(e);
                Duration asked = busy.map(LlmBusyException::retryAfter).orElse(Duration.ZERO);
                if (asked.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new CallFailed("LLM call given up after " + tries + (tries == 1 ? " try" : " tries")
                            + ": the LLM answered HTTP " + busy.get().statusCode() + " and asks to retry after "
                            + asked.toSeconds() + " s, longer than afl.llm.max-retry-after ("
                            + policy.maxRetryAfter().toSeconds() + " s)", e);
                }
                sleep(new Backoff(policy.backoff(), policy.maxRetryAfter()).waitMillis(tries, asked));
            }
        }
    }

    /** The 429/503 with its Retry-After, wherever the client wrapped it. */
    private static Optional<LlmBusyException> busy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LlmBusyException busy) {
                return Optional.of(busy);
            }
        }
        return Optional.empty();
    }

    /** A call that failed for good: the message is the reason the fallback's trace carries. */
    private static final class CallFailed extends Exception {

        CallFailed(String problem, RuntimeException cause) {
            super(problem, cause);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return root.getClass().getSimpleName() + (message.isEmpty() ? ""
                : ": " + (message.length() > 200 ? message.substring(0, 200) + "\u2026" : message));
    }

    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}

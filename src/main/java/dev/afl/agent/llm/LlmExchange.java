package dev.afl.agent.llm;

import dev.afl.agent.AgentTrace;
import dev.afl.prompt.DataFence;
import dev.afl.prompt.PromptLibrary;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One agent turn against an LLM, with every loop bounded: a failed call is retried {@code callRetries} times
 * with exponential backoff and jitter; an unusable answer is re-asked {@code reAsks} times with what was wrong.
 * If no usable answer comes, the result is empty and the caller takes its named fallback. Both LLM agents use
 * this one implementation.
 */
final class LlmExchange {

    private static final Logger LOG = Logger.getLogger(LlmExchange.class);

    /** A usable value (or none) and the trace of how it was obtained. */
    record Outcome<T>(Parsed.Valid<T> answer, AgentTrace trace) {

        boolean usable() {
            return answer != null;
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

    <T> Outcome<T> ask(LlmCall call, String prompt, Function<String, Parsed<T>> interpret, String contractLine) {
        long started = System.nanoTime();
        long inputTokens = 0;
        long outputTokens = 0;
        int attempts = 0;
        String message = prompt;
        String problem;
        while (true) {
            Result<String> result;
            try {
                attempts++;
                result = callWithRetries(call, message);
            } catch (RuntimeException e) {
                problem = "LLM call failed after " + (policy.callRetries() + 1) + " tries: " + describe(e);
                if (policy.failWhenUnavailable()) {
                    throw new LlmUnavailableException(model, problem, e);
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
                        DataFence.REASON_LIMIT)), new AgentTrace(AgentTrace.LLM, model, attempts, false, null,
                        inputTokens, outputTokens, elapsedMillis(started)));
            }
            problem = ((Parsed.Invalid<T>) parsed).problem();
            if (attempts > policy.reAsks()) {
                problem = "no usable answer after " + attempts + " tries; last problem: " + problem;
                break;
            }
            message = prompts.correction(prompt, reply == null ? "" : reply, problem, contractLine);
        }
        LOG.warnf("LLM %s: %s; taking the fallback", model, problem);
        return new Outcome<>(null, new AgentTrace(AgentTrace.LLM, model, attempts, true, problem, inputTokens,
                outputTokens, elapsedMillis(started)));
    }

    private Result<String> callWithRetries(LlmCall call, String message) {
        long delay = policy.backoff().toMillis();
        for (int retry = 0; ; retry++) {
            try {
                return call.chat(message);
            } catch (RuntimeException e) {
                if (retry >= policy.callRetries()) {
                    throw e;
                }
                sleep(delay + (delay > 0 ? ThreadLocalRandom.current().nextLong(delay / 2 + 1) : 0));
                delay *= 2;
            }
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

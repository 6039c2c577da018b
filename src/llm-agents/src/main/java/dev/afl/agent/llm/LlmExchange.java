package dev.afl.agent.llm;

import dev.afl.AflException;
import dev.afl.AgentTrace;
import dev.afl.Backoff;
import dev.afl.Deadline;
import dev.afl.ProviderError;
import dev.afl.agent.DataFence;
import dev.afl.prompt.Prompt;
import dev.afl.prompt.PromptLibrary;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One agent turn against an LLM, with every loop bounded: each call has one total deadline ({@link TimedCall}:
 * connecting, the headers and the whole body); a failed call is retried {@code callRetries} times with exponential
 * backoff and jitter, waiting at least what a 429/503's {@code Retry-After} asks (a longer ask than
 * {@code maxRetryAfter} gives the call up at once); an error a retry cannot fix (HTTP 400/404) is not retried; an
 * unusable answer is re-asked {@code reAsks} times with what was wrong. If no usable answer comes, the result is
 * empty and the caller takes its named fallback. This is the only retry layer (the OpenAI client tries once), and
 * both LLM agents use this one implementation.
 *
 * <p>The work's {@link Deadline} (a session's time budget, a Lambda invocation's time), when there is one, cuts a
 * call in flight and stops the retries and re-asks: the turn ends by it. An LLM that refuses the key (HTTP 401/403)
 * ends the turn with {@link LlmCredentialsRefusedException}: no retry, no fallback. After a call has failed for good
 * (every retry spent), the LLM rests for {@code unavailableCooldown} ({@link LlmAvailability}): the agents that call
 * it take their fallback at once, so a dead or stalled endpoint costs one turn's retries, not every turn's.
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

    /** Why a call failed for good, which decides what follows. */
    private enum Failure {
        /** An answer a retry cannot change (HTTP 400, 404): the fallback, or the step's failure. */
        REFUSED,
        /** Every retry spent on 429/5xx, deadlines, dropped connections: the LLM is unavailable. */
        UNAVAILABLE,
        /** The session's time budget ran out: the fallback, whatever the policy (no retry can extend it). */
        OUT_OF_BUDGET,
        /** The time given to this attempt ran out (a Lambda invocation): like the LLM being unavailable. */
        OUT_OF_TIME
    }

    private final PromptLibrary prompts;
    private final LlmPolicy policy;
    private final String model;
    private final LlmAvailability availability;

    LlmExchange(PromptLibrary prompts, LlmPolicy policy, String model, LlmAvailability availability) {
        this.prompts = prompts;
        this.policy = policy;
        this.model = model;
        this.availability = availability;
    }

    <T> Outcome<T> ask(LlmCall call, Prompt prompt, Function<String, Parsed<T>> interpret, String contractLine) {
        long started = System.nanoTime();
        Optional<String> resting = resting();
        if (resting.isPresent()) {
            LOG.debugf("LLM %s: %s; taking the fallback", model, resting.get());
            return new Outcome<>(null, new AgentTrace(AgentTrace.LLM, model, promptSet(), 0, true, resting.get(), 0, 0,
                    elapsedMillis(started)));
        }
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
                if (policy.failWhenUnavailable() && failed.failure != Failure.OUT_OF_BUDGET) {
                    throw new LlmUnavailableException(model, problem, failed.getCause());
                }
                if (failed.failure == Failure.UNAVAILABLE) {
                    availability.failedForGood(problem, policy.unavailableCooldown());
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
            Optional<Deadline> deadline = Deadline.current().filter(Deadline::passed);
            if (deadline.isPresent()) {
                problem = deadline.get().what() + " ran out before a re-ask; last problem: " + problem;
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

    /** One call, retried within the policy's bounds and the work's deadline. */
    private Result<String> callWithRetries(LlmCall call, Prompt message) throws CallFailed {
        for (int tries = 1; ; tries++) {
            Optional<Deadline> deadline = Deadline.current();
            if (deadline.isPresent() && deadline.get().passed()) {
                throw outOfTime(deadline.get(), tries - 1, null);
            }
            try {
                return TimedCall.chat(call, message.system(), message.user(), policy.callDeadline(),
                        deadline.orElse(null));
            } catch (AflException e) {
                // A mistake of the user's (a cassette without this request), not of the LLM: no retry, no fallback.
                throw e;
            } catch (RuntimeException e) {
                Optional<LlmHttpException> http = find(e, LlmHttpException.class);
                if (http.isPresent() && http.get().refusedCredentials()) {
                    throw new LlmCredentialsRefusedException(model, http.get());
                }
                if (e instanceof TimedCall.DeadlineExceeded cut && cut.byTheWork()) {
                    throw outOfTime(deadline.get(), tries, e);
                }
                if (e instanceof NonRetriableException) {
                    throw new CallFailed(Failure.REFUSED, "LLM call failed after 1 try, not retried (a retry cannot"
                            + " fix it): " + describe(e), e);
                }
                if (tries > policy.callRetries()) {
                    throw new CallFailed(Failure.UNAVAILABLE, "LLM call failed after " + tries + (tries == 1
                            ? " try: " : " tries: ") + describe(e), e);
                }
                Optional<LlmBusyException> busy = find(e, LlmBusyException.class);
                Duration asked = busy.map(LlmBusyException::retryAfter).orElse(Duration.ZERO);
                if (asked.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new CallFailed(Failure.UNAVAILABLE, "LLM call given up after " + tries + (tries == 1
                            ? " try" : " tries") + ": the LLM answered HTTP " + busy.get().statusCode() + " and asks"
                            + " to retry after " + asked.toSeconds() + " s, longer than afl.llm.max-retry-after ("
                            + policy.maxRetryAfter().toSeconds() + " s)", e);
                }
                long wait = new Backoff(policy.backoff(), policy.maxRetryAfter()).waitMillis(tries, asked);
                if (deadline.isPresent() && wait >= deadline.get().left().toMillis()) {
                    throw outOfTime(deadline.get(), tries, e);
                }
                LOG.debugf("LLM %s: try %d failed (%s); retrying in %d ms", model, tries, describe(e), wait);
                sleep(wait);
            }
        }
    }

    private CallFailed outOfTime(Deadline deadline, int tries, RuntimeException last) {
        String problem = deadline.what() + " ran out" + (tries == 0 ? " before the LLM was asked"
                : " after " + tries + (tries == 1 ? " try" : " tries") + (last == null ? ""
                : last instanceof TimedCall.DeadlineExceeded cut && cut.byTheWork() ? ", cutting the call in flight"
                : "; last: " + describe(last)));
        return new CallFailed(deadline.budget() ? Failure.OUT_OF_BUDGET : Failure.OUT_OF_TIME, problem, last);
    }

    /** Why the LLM is not to be asked now, while it rests; never where the caller retries the step instead. */
    private Optional<String> resting() {
        return policy.failWhenUnavailable() ? Optional.empty() : availability.resting(policy.unavailableCooldown());
    }

    /** The exception of {@code type} wherever the client wrapped it. */
    private static <E extends Throwable> Optional<E> find(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** A call that failed for good: the message is the reason the fallback's trace carries. */
    private static final class CallFailed extends Exception {

        private final Failure failure;

        CallFailed(Failure failure, String problem, RuntimeException cause) {
            super(problem, cause);
            this.failure = failure;
        }
    }

    /**
     * The failure in one short line: our own HTTP errors say only what {@link ProviderError} keeps; anything else
     * (a connection error, an unreadable reply) its root cause, with whatever looks like a credential removed.
     */
    private static String describe(Throwable e) {
        Optional<LlmHttpException> http = find(e, LlmHttpException.class);
        if (http.isPresent()) {
            return http.get().getMessage();
        }
        if (e instanceof TimedCall.DeadlineExceeded) {
            return e.getMessage() + " (the call deadline, AFL_LLM_TIMEOUT)";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ProviderError.redact(root.getMessage().strip()
                .replaceAll("\\s+", " "), List.of());
        return kind(root) + (message.isEmpty() ? ""
                : ": " + (message.length() > 200 ? message.substring(0, 200) + "\u2026" : message));
    }

    /**
     * What kind of failure, in words rather than a class name, since the line reaches people (a fallback's trace, a
     * command's one-line error): ConnectException is "connect error", JsonParseException "json parse error".
     */
    private static String kind(Throwable root) {
        String words = root.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).strip();
        return (words.isEmpty() ? "unexpected" : words) + " error";
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

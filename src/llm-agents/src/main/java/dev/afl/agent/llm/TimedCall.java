package dev.afl.agent.llm;

import dev.afl.Deadline;
import dev.langchain4j.service.Result;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One LLM call under one total deadline for its exchange with the LLM: from the moment the request is sent until
 * the whole answer has arrived (connecting, the headers and the whole body). The OpenAI client's own timeout stops
 * waiting for the headers only, so a reply stalled mid-body, or sent a byte at a time, held the agent for as long as
 * the server kept the connection open. The call runs on a virtual thread of its own while the caller waits; past the
 * deadline the request is reset through its {@link CallAbort} (closing its connection) and the thread interrupted
 * (the client's blocking wait ends at once), so nothing of an abandoned call is left to pile up.
 *
 * <p>The local work around the exchange (building the client on first use, which a cold process on a busy machine
 * may take seconds over; reading the answer) is bounded by the same duration before and after, separately, so no
 * wait is unbounded; it takes milliseconds once the client exists. A call that sends nothing through the OpenAI
 * client (a cassette, a stand-in in tests) has the deadline from its start. The work's {@link Deadline}, when
 * earlier, cuts any of them.
 */
final class TimedCall {

    /** The call did not finish within its deadline, or the work's. */
    static final class DeadlineExceeded extends RuntimeException {

        private final boolean byTheWork;

        DeadlineExceeded(Duration limit, boolean byTheWork) {
            super("no complete answer within " + limit.toMillis() + " ms");
            this.byTheWork = byTheWork;
        }

        /** Whether the work's deadline, not the call's own, cut it. */
        boolean byTheWork() {
            return byTheWork;
        }
    }

    private TimedCall() {
    }

    /**
     * @param deadline the call's own deadline (AFL_LLM_TIMEOUT)
     * @param work     the work's deadline, or null
     */
    static Result<String> chat(LlmCall call, String system, String user, Duration deadline, Deadline work) {
        CompletableFuture<Result<String>> answer = new CompletableFuture<>();
        CallAbort abort = new CallAbort();
        Thread worker = Thread.ofVirtual().name("llm-call").start(() -> abort.runAs(() -> {
            try {
                answer.complete(call.chat(system, user));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        }));
        try {
            wait(CompletableFuture.anyOf(answer, abort.sent()), deadline, work);
            if (!answer.isDone()) {
                wait(CompletableFuture.anyOf(answer, abort.receivedAll()), deadline, work);
            }
            if (!answer.isDone()) {
                wait(answer, deadline, work);
            }
            return answer.get();
        } catch (DeadlineExceeded e) {
            abort.abort();
            worker.interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            abort.abort();
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the LLM", e);
        }
    }

    /** Waits for {@code done} at most {@code deadline} from now, or until the work's deadline if that is sooner. */
    private static void wait(CompletableFuture<?> done, Duration deadline, Deadline work)
            throws InterruptedException {
        Duration limit = work == null ? deadline : work.cap(deadline);
        try {
            done.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DeadlineExceeded(limit, limit.compareTo(deadline) < 0);
        } catch (ExecutionException failed) {
            // The answer failed: the caller reads how.
        }
    }
}

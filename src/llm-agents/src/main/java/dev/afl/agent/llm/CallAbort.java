package dev.afl.agent.llm;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The HTTP exchange of one LLM call as {@link TimedCall} watches it: when the request is sent and when the whole
 * answer has arrived (the call's deadline covers what lies between: connecting, the headers, the body), and how to
 * abort the request once the call has run past its deadline. TimedCall runs each call on a thread of its own with
 * one of these as the thread's current one; the HTTP client reports to it ({@code dev.afl.app.LlmRequestAbort}).
 * Aborting resets the request, which closes its connection, so an abandoned call holds neither a connection nor a
 * thread once its deadline has passed.
 */
public final class CallAbort {

    private static final Logger LOG = Logger.getLogger(CallAbort.class);
    private static final ThreadLocal<CallAbort> CURRENT = new ThreadLocal<>();

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> sent = new CompletableFuture<>();
    private final CompletableFuture<Void> received = new CompletableFuture<>();
    private volatile boolean aborted;

    /** The exchange of the LLM call this thread runs under a deadline, if any. */
    public static CallAbort current() {
        return CURRENT.get();
    }

    /** The request is being sent; {@code abort} resets it. Run at once if the call was aborted already. */
    public void sending(Runnable abort) {
        actions.add(abort);
        sent.complete(null);
        if (aborted) {
            run(abort);
        }
    }

    /** The whole answer has arrived: what follows (reading it) is local work. */
    public void received() {
        received.complete(null);
    }

    /** Completes when the request is being sent (never, for a call that sends none through the OpenAI client). */
    CompletableFuture<Void> sent() {
        return sent;
    }

    CompletableFuture<Void> receivedAll() {
        return received;
    }

    void abort() {
        aborted = true;
        actions.forEach(CallAbort::run);
    }

    /** Runs {@code work} with this as the current thread's exchange. */
    void runAs(Runnable work) {
        CURRENT.set(this);
        try {
            work.run();
        } finally {
            CURRENT.remove();
        }
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debugf(e, "aborting an LLM request failed");
        }
    }
}

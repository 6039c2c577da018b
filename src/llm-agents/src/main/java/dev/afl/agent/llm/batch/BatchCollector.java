package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.agent.llm.LlmCall;
import dev.afl.evaluation.CaseRunner;
import dev.langchain4j.service.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Round-synchronous batching: every session of a run plays at once (a thread each), and an agent's call does not go
 * out on its own but waits here; when every session still open is waiting on a call (or over), the waiting calls go
 * out together, one batch job per agent, and each caller gets its own answer. So round r's recommendation calls
 * form one job, then the user calls, then round r+1's of the sessions still open; re-asks and retries form smaller
 * follow-up jobs. The loop, the prompts, the parsing, the re-asks, the retries and the fallbacks stay the online
 * path's: only what answers {@link LlmCall#chat} changes.
 *
 * <p>The sessions are counted by whoever runs them ({@link #opening}, {@link #over}); a call from outside any counted
 * session goes out as soon as nothing else is waiting for company.
 */
public final class BatchCollector implements AutoCloseable, CaseRunner.Attendance {

    /** One call waiting for its batch. */
    private record Waiting(BatchJobs jobs, String key, ObjectNode body, CompletableFuture<BatchAnswer> answer) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Waiting> waiting = new ArrayList<>();
    private final Thread dispatcher;
    private int open;
    private boolean closed;
    private int batches;

    public BatchCollector() {
        dispatcher = Thread.ofPlatform().daemon().name("batch-collector").start(this::dispatch);
    }

    /** {@code sessions} more sessions are about to play; each must be ended with {@link #over}. */
    @Override
    public void opening(int sessions) {
        lock.lock();
        try {
            open += sessions;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A session is over (finished, failed, or never started): it waits on no call any more. */
    @Override
    public void over() {
        lock.lock();
        try {
            open--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many rounds of calls went out so far, each as one job per agent with calls waiting (none for the calls an
     * earlier job already answered).
     */
    public int batches() {
        lock.lock();
        try {
            return batches;
        } finally {
            lock.unlock();
        }
    }

    /** The call of one agent: its requests answered by {@code jobs}, with the bodies {@code settings} make. */
    public LlmCall call(BatchJobs jobs, BatchRequests settings) {
        return (system, user) -> {
            ObjectNode body = settings.body(system, user);
            BatchAnswer answer = await(new Waiting(jobs, settings.requestKey(body), body, new CompletableFuture<>()));
            return switch (answer) {
                case BatchAnswer.Replied replied -> replied.result();
                case BatchAnswer.Failed failed -> throw failed.failure();
            };
        };
    }

    private BatchAnswer await(Waiting call) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the batch run is over; no call can wait for a batch any more");
            }
            waiting.add(call);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return call.answer().get();
        } catch (InterruptedException e) {
            // The caller gave up (its deadline cut the call): it no longer waits for company.
            lock.lock();
            try {
                waiting.remove(call);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch job", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the batch of this call failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private void dispatch() {
        while (true) {
            List<Waiting> batch;
            lock.lock();
            try {
                while (!closed && (waiting.isEmpty() || waiting.size() < open)) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    waiting.forEach(call -> call.answer().completeExceptionally(new IllegalStateException(
                            "the batch run closed before this call was sent")));
                    waiting.clear();
                    return;
                }
                batch = List.copyOf(waiting);
                waiting.clear();
                batches++;
            } finally {
                lock.unlock();
            }
            send(batch);
        }
    }

    /** One job per agent, all at once; every call answered, whatever happens to its job. */
    private static void send(List<Waiting> batch) {
        Map<BatchJobs, Map<String, ObjectNode>> byAgent = new LinkedHashMap<>();
        for (Waiting call : batch) {
            byAgent.computeIfAbsent(call.jobs(), jobs -> new LinkedHashMap<>()).putIfAbsent(call.key(), call.body());
        }
        List<Thread> senders = new ArrayList<>();
        for (Map.Entry<BatchJobs, Map<String, ObjectNode>> agent : byAgent.entrySet()) {
            senders.add(Thread.ofVirtual().name("batch-" + agent.getKey().agent()).start(() -> {
                Map<String, BatchAnswer> answers;
                try {
                    answers = agent.getKey().answer(agent.getValue());
                } catch (RuntimeException e) {
                    answers = Map.of();
                    for (Waiting call : batch) {
                        if (call.jobs() == agent.getKey()) {
                            call.answer().complete(new BatchAnswer.Failed(e));
                        }
                    }
                }
                for (Waiting call : batch) {
                    if (call.jobs() == agent.getKey()) {
                        call.answer().complete(answers.getOrDefault(call.key(), new BatchAnswer.Failed(
                                new BatchAnswer.Unanswered("the batch gave no answer for this request"))));
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

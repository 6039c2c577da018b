package dev.afl.api;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The bounded pool that plays asynchronous refinements: a fixed number of workers and a fixed number of places
 * in the queue. A place is taken before the session is created, so a refused submission stores nothing.
 */
final class BackgroundRefinements implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundRefinements.class);

    /** A client told to come back waits about as long as an offline refinement of a full queue takes to drain. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final int capacity;
    private final Semaphore places;
    private final ExecutorService workers;

    BackgroundRefinements(int workerCount, int queueLength) {
        if (workerCount < 1 || queueLength < 0) {
            throw new dev.afl.AflException("afl.api.async-workers must be at least 1 and afl.api.async-queue at least"
                    + " 0, got " + workerCount + " and " + queueLength + ".");
        }
        capacity = workerCount + queueLength;
        places = new Semaphore(capacity);
        AtomicInteger count = new AtomicInteger();
        workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "afl-refinement-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Takes a place, or refuses with when to come back. */
    Place reserve() {
        if (!places.tryAcquire()) {
            throw new ServerBusyException(capacity, RETRY_AFTER);
        }
        return new Place();
    }

    /** A reserved place: either run a task in it, or give it back. */
    final class Place implements AutoCloseable {

        private boolean used;

        void run(String sessionId, Runnable refinement) {
            workers.execute(() -> {
                try {
                    refinement.run();
                } catch (RuntimeException e) {
                    // The loop has stored the session as FAILED with the reason; the client reads it there.
                    LOG.warnf("Background refinement of session %s failed: %s", sessionId, e.toString());
                } finally {
                    places.release();
                }
            });
            used = true; // only once the pool has the task: a refused task gives its place back on close
        }

        @Override
        public void close() {
            if (!used) {
                places.release();
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

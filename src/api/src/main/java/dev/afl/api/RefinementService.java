package dev.afl.api;

import dev.afl.app.AflConfig;
import dev.afl.app.LoopAssembly;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.loop.SessionStart;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionFolder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * What the resources call: the one {@link FeedbackLoop} with the configured agents and bundled models, over the
 * local file store ({@code afl.api.store-dir}), played in the request's thread (synchronous) or by the bounded
 * background pool (asynchronous). A session is played by one thread at a time; the same request sent while it is
 * played is answered with that session (the running one for the asynchronous endpoint, its outcome for the
 * synchronous one), never played twice, and another request under its id is a conflict.
 */
@ApplicationScoped
public class RefinementService {

    private static final Logger LOG = Logger.getLogger(RefinementService.class);

    @Inject
    AflConfig config;
    @Inject
    LoopAssembly assembly;
    @Inject
    StepMeters meters;
    @Inject
    RefinementRequests requests;

    private Path storeFolder;
    private MemoryStore store;
    private FeedbackLoop loop;
    private BackgroundRefinements background;
    /** The sessions being played here, by id: the one claim a session has at a time. */
    private final ConcurrentMap<String, Playing> playing = new ConcurrentHashMap<>();

    /**
     * A session being played: {@code started} once it is stored (null when its start was refused, so a waiting
     * resend tries for itself), {@code finished} once it has ended (null when it was not played to its end here).
     */
    private record Playing(CompletableFuture<Session> started, CompletableFuture<Session> finished) {

        Playing() {
            this(new CompletableFuture<>(), new CompletableFuture<>());
        }

        /** Lets every waiter go, whatever happened: a future already completed keeps its value. */
        void release() {
            started.complete(null);
            finished.complete(null);
        }
    }

    @PostConstruct
    void wire() {
        storeFolder = config.api().storeDir().map(Path::of)
                .orElseGet(() -> SessionFolder.defaultFolder(System.getenv()));
        store = new FileMemoryStore(storeFolder);
        loop = assembly.configured().observedBy(meters).loop(store);
        background = new BackgroundRefinements(config.api().asyncWorkers(), config.api().asyncQueue());
    }

    /** The folder the sessions are stored in (the readiness check writes there). */
    Path storeFolder() {
        return storeFolder;
    }

    @PreDestroy
    void stop() {
        background.close();
    }

    /**
     * Plays the refinement to its end, or answers the stored session asked the same before; sent while the same
     * request is played, waits for that play's outcome.
     */
    public Session refine(RefinementBody body) {
        RefinementRequest request = requests.toRequest(body);
        String id = request.sessionId();
        while (true) {
            Playing mine = new Playing();
            Playing other = playing.putIfAbsent(id, mine);
            if (other == null) {
                try {
                    return play(request, mine);
                } finally {
                    playing.remove(id, mine);
                    mine.release();
                }
            }
            if (await(other.started()) == null) {
                continue; // that play was refused before it stored anything: this request tries for itself
            }
            Session stored = loop.start(request); // the same request reads the session; another is a conflict
            if (stored.status().terminal()) {
                return stored;
            }
            Session ended = await(other.finished());
            if (ended != null) {
                return ended;
            }
            // That play stopped without an outcome (the server is shutting down): try again, resuming it if need be.
        }
    }

    private Session play(RefinementRequest request, Playing mine) {
        // a refused request or a conflicting id surfaces as itself
        mine.started().complete(startSaying(request));
        try {
            Session ended = loop.run(request);
            mine.finished().complete(ended);
            return ended;
        } catch (RuntimeException e) {
            Session failed = store.require(request.sessionId());
            RuntimeException answer = failed.failure() != null ? new RefinementFailedException(failed, e) : e;
            mine.finished().completeExceptionally(answer); // a resend waiting for this play hears the same
            throw answer;
        }
    }

    /**
     * Creates the session and leaves the playing to the background pool; a session asked the same before is
     * returned as stored (and resumed if nobody is playing it, e.g. after a restart), and one being played is
     * returned as it stands, without taking a place in the pool.
     */
    public Session submit(RefinementBody body) {
        RefinementRequest request = requests.toRequest(body);
        String id = request.sessionId();
        while (true) {
            Playing mine = new Playing();
            Playing other = playing.putIfAbsent(id, mine);
            if (other != null) {
                if (await(other.started()) == null) {
                    continue; // that submission was refused before it stored anything: this one tries for itself
                }
                return loop.start(request); // the same request reads the running session; another is a conflict
            }
            boolean handedOver = false;
            try (BackgroundRefinements.Place place = background.reserve()) {
                Session started = startSaying(request);
                mine.started().complete(started);
                if (!started.status().terminal()) {
                    place.run(id, () -> {
                        try {
                            mine.finished().complete(loop.run(request));
                        } catch (RuntimeException e) {
                            mine.finished().completeExceptionally(failure(request.sessionId(), e));
                            throw e;
                        } finally {
                            playing.remove(id, mine);
                            mine.release();
                        }
                    });
                    handedOver = true; // the worker lets go of the claim
                } else {
                    mine.finished().complete(started);
                }
                return started;
            } finally {
                if (!handedOver) {
                    playing.remove(id, mine);
                    mine.release();
                }
            }
        }
    }

    /**
     * Starts the session nobody plays here now, logging when it was stored before: an ended one is answered as
     * stored, an unfinished one (the server stopped while it ran) is resumed.
     */
    private Session startSaying(RefinementRequest request) {
        boolean stored = store.find(MemoryStore.checkId(request.sessionId())).isPresent();
        Session started = loop.start(request);
        SessionStart start = new SessionStart(started, stored);
        start.notice().ifPresent(notice -> LOG.info(notice + (start.endedAlready()
                ? ": answered as stored, nothing is run."
                : ": nobody was playing it here (the server stopped while it ran).")));
        return started;
    }

    public Session session(String sessionId) {
        return store.require(sessionId);
    }

    /** What a resend waiting on a failed background play is answered: the session stored as FAILED. */
    private RuntimeException failure(String sessionId, RuntimeException cause) {
        Session failed = store.find(sessionId).orElse(null);
        return failed != null && failed.failure() != null ? new RefinementFailedException(failed, cause) : cause;
    }

    /** The future's value once it is done; its failure rethrown as this thread's. */
    private static Session await(CompletableFuture<Session> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}

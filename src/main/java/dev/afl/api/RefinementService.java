package dev.afl.api;

import dev.afl.app.AflConfig;
import dev.afl.app.AgentFactory;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionConflictException;
import dev.afl.memory.SessionFolder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the resources call: the one {@link FeedbackLoop} with the configured agents and bundled models, over the
 * local file store ({@code afl.api.store-dir}), played in the request's thread (synchronous) or by the bounded
 * background pool (asynchronous). A session is played by one thread at a time.
 */
@ApplicationScoped
public class RefinementService {

    @Inject
    AflConfig config;
    @Inject
    AgentFactory agents;
    @Inject
    ConfiguredLoopModels models;
    @Inject
    RefinementRequests requests;

    private MemoryStore store;
    private FeedbackLoop loop;
    private BackgroundRefinements background;
    private final Set<String> playing = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void wire() {
        Path folder = config.api().storeDir().map(Path::of)
                .orElseGet(() -> SessionFolder.defaultFolder(System.getenv()));
        store = new FileMemoryStore(folder);
        loop = new FeedbackLoop(models, agents.recommendationAgent(), agents.userAgent(), store);
        background = new BackgroundRefinements(config.api().asyncWorkers(), config.api().asyncQueue());
    }

    @PreDestroy
    void stop() {
        background.close();
    }

    /** Plays the refinement to its end (or returns the stored session asked the same before). */
    public Session refine(RefinementBody body) {
        RefinementRequest request = requests.toRequest(body);
        claim(request.sessionId());
        try {
            loop.start(request); // a refused request or a conflicting id surfaces as itself, before any round
            try {
                return loop.run(request);
            } catch (RuntimeException e) {
                Session failed = store.require(request.sessionId());
                throw failed.failure() != null ? new RefinementFailedException(failed, e) : e;
            }
        } finally {
            playing.remove(request.sessionId());
        }
    }

    /**
     * Creates the session and leaves the playing to the background pool; a session asked the same before is
     * returned as stored (and resumed if nobody is playing it, e.g. after a restart).
     */
    public Session submit(RefinementBody body) {
        RefinementRequest request = requests.toRequest(body);
        try (BackgroundRefinements.Place place = background.reserve()) {
            boolean claimed = playing.add(request.sessionId());
            try {
                Session started = loop.start(request);
                if (claimed && !started.status().terminal()) {
                    place.run(request.sessionId(), () -> {
                        try {
                            loop.run(request);
                        } finally {
                            playing.remove(request.sessionId());
                        }
                    });
                    claimed = false; // the worker lets go of it
                }
                return started;
            } finally {
                if (claimed) {
                    playing.remove(request.sessionId());
                }
            }
        }
    }

    public Session session(String sessionId) {
        return store.require(sessionId);
    }

    private void claim(String sessionId) {
        if (!playing.add(sessionId)) {
            throw new SessionConflictException("Session '" + sessionId + "' is being refined right now: follow it with"
                    + " GET " + SessionResource.path(sessionId) + ", or use another sessionId.");
        }
    }
}

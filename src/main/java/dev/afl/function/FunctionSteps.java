package dev.afl.function;

import dev.afl.app.AflConfig;
import dev.afl.app.AgentFactory;
import dev.afl.app.BundledLoopModels;
import dev.afl.catalog.Item;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.List;

/**
 * What the handlers call: the one {@link FeedbackLoop}, with the session store, the bundled models (loaded on
 * first use, once per container, and only those the step needs) and the agents. Events are checked here before
 * anything is read.
 */
@Singleton
public class FunctionSteps {

    /** Titles longer than this are refused, so an event stays far below Lambda's payload limits. */
    static final int MAX_TEXT = 500;

    @Inject
    AflConfig config;
    @Inject
    AgentFactory agents;
    @Inject
    MemoryStore store;
    @Inject
    BundledLoopModels bundledModels;

    private FeedbackLoop loop;

    @PostConstruct
    void wire() {
        loop = new FeedbackLoop(bundledModels, agents.recommendationAgent(), agents.userAgent(), store);
    }

    public Session start(StartEvent event) {
        if (event == null) {
            throw new InvalidEventException("The start event is empty: send sessionId, dataset, history, candidates.");
        }
        requireText(event.sessionId(), "sessionId");
        requireText(event.dataset(), "dataset");
        return loop.start(new RefinementRequest(event.sessionId(), event.dataset(), items(event.history(), "history"),
                items(event.candidates(), "candidates"),
                event.maxRounds() != null ? event.maxRounds() : config.loop().maxRounds()));
    }

    public Session recommend(StepEvent event) {
        check(event);
        return loop.recommend(event.sessionId(), event.round());
    }

    public Session reward(StepEvent event) {
        check(event);
        return loop.reward(event.sessionId(), event.round());
    }

    public Session judge(StepEvent event) {
        check(event);
        return loop.judge(event.sessionId(), event.round());
    }

    public Session finish(FinalizeEvent event) {
        if (event == null) {
            throw new InvalidEventException("The finalize event is empty: send sessionId (and error on failure).");
        }
        requireText(event.sessionId(), "sessionId");
        String failure = event.error() == null ? null
                : event.error().Error() + (event.error().Cause() == null ? "" : ": " + event.error().Cause());
        return loop.finish(event.sessionId(), failure);
    }

    private static void check(StepEvent event) {
        if (event == null) {
            throw new InvalidEventException("The step event is empty: send sessionId and round.");
        }
        requireText(event.sessionId(), "sessionId");
        if (event.round() == null || event.round() < 1) {
            throw new InvalidEventException("The step event needs 'round', a positive integer (got " + event.round()
                    + ").");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("The event lacks '" + field + "'.");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidEventException("'" + field + "' is longer than " + MAX_TEXT + " characters.");
        }
    }

    private static List<Item> items(List<ItemRef> refs, String field) {
        if (refs == null) {
            throw new InvalidEventException("The start event lacks '" + field + "', a list of {id, title}.");
        }
        if (refs.size() > RefinementRequest.MAX_HISTORY) {
            throw new InvalidEventException("'" + field + "' has " + refs.size() + " items; at most "
                    + RefinementRequest.MAX_HISTORY + " are accepted.");
        }
        return refs.stream().map(ref -> {
            if (ref == null) {
                throw new InvalidEventException("'" + field + "' holds a null item.");
            }
            requireText(ref.id(), field + "[].id");
            if (ref.title() != null && ref.title().length() > MAX_TEXT) {
                throw new InvalidEventException("A title in '" + field + "' is longer than " + MAX_TEXT + " characters.");
            }
            return new Item(ref.id(), ref.title() == null || ref.title().isBlank() ? ref.id() : ref.title());
        }).toList();
    }
}

package dev.afl.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.app.AflConfig;
import dev.afl.catalog.Item;
import dev.afl.catalog.RequestItems;
import dev.afl.catalog.RequestedItem;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopParts;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionConflictException;
import java.util.List;
import java.util.Optional;

/**
 * What the handlers call: the one {@link FeedbackLoop} over the session store, made of the parts the function loads
 * (only the models and agents its step asks; see {@link FunctionContext#steps}). Events are checked here before
 * anything is read.
 */
public class FunctionSteps {

    /** Titles longer than this are refused, so an event stays far below Lambda's payload limits. */
    static final int MAX_TEXT = 500;

    private final AflConfig config;
    private final MemoryStore store;
    private final ObjectMapper json;
    private final FeedbackLoop loop;

    FunctionSteps(AflConfig config, MemoryStore store, ObjectMapper json, LoopParts parts) {
        this.config = config;
        this.store = store;
        this.json = json;
        this.loop = parts.loop(store);
    }

    public Session start(StartEvent event) {
        if (event == null) {
            throw new InvalidEventException("The start event is empty: send sessionId, dataset, history, candidates.");
        }
        requireText(event.sessionId(), "sessionId");
        requireText(event.dataset(), "dataset");
        return loop.start(new RefinementRequest(event.sessionId(), event.dataset(), items(event.dataset(), event.history(), "history"),
                items(event.dataset(), event.candidates(), "candidates"),
                event.maxRounds() != null ? event.maxRounds() : config.loop().maxRounds(),
                config.llm().priced(event.budget())));
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

    /** Whether the loop is over for this session (the loop's own rule, budget included). */
    public boolean shouldStop(Session session) {
        return loop.shouldStop(session);
    }

    /**
     * Ends the session (as the loop decides, or FAILED with the event's error), or, for an event with
     * {@code resultPublished}, records that its result event is on the bus.
     */
    public Session finish(FinalizeEvent event) {
        if (event == null) {
            throw new InvalidEventException("The finalize event is empty: send sessionId (and error on failure).");
        }
        requireText(event.sessionId(), "sessionId");
        if (Boolean.TRUE.equals(event.resultPublished())) {
            if (event.error() != null) {
                throw new InvalidEventException("A finalize event records either a failure ('error') or that the"
                        + " result event was published ('resultPublished'), not both.");
            }
            return store.recordResultPublished(store.require(event.sessionId()));
        }
        String failure = event.error() == null ? null
                : event.error().Error() + (event.error().Cause() == null ? "" : ": " + message(event.error().Cause()));
        return loop.finish(event.sessionId(), failure);
    }

    /**
     * A Lambda error's Cause, as Step Functions passes it on, is the JSON of errorType, errorMessage and stackTrace:
     * the session keeps the message only. Other causes (timeouts, service errors) are kept as they are.
     */
    private String message(String cause) {
        try {
            JsonNode parsed = json.readTree(cause);
            return parsed != null && parsed.path("errorMessage").isTextual() ? parsed.get("errorMessage").asText()
                    : cause;
        } catch (JsonProcessingException notJson) {
            return cause;
        }
    }

    /** A session the loop has ended (accepted, round limit or failed), to read its outcome. */
    public Session ended(String sessionId) {
        requireText(sessionId, "sessionId");
        Session session = store.require(sessionId);
        if (!session.status().terminal()) {
            throw new SessionConflictException("Session '" + sessionId + "' is still " + session.status()
                    + ": its outcome can be read once the loop has finished it.");
        }
        return session;
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

    /**
     * The event's items, each with its title: the functions have no catalog to take titles from, and the agents must
     * never read bare ids ({@link RequestItems} refuses an untitled item, naming it).
     */
    private static List<Item> items(String dataset, List<ItemRef> refs, String field) {
        if (refs == null) {
            throw new InvalidEventException("The start event lacks '" + field + "', a list of {id, title}.");
        }
        if (refs.size() > RefinementRequest.MAX_HISTORY) {
            throw new InvalidEventException("'" + field + "' has " + refs.size() + " items; at most "
                    + RefinementRequest.MAX_HISTORY + " are accepted.");
        }
        return RequestItems.resolveAll(dataset, Optional.empty(), refs.stream().map(ref -> {
            if (ref == null) {
                throw new InvalidEventException("'" + field + "' holds a null item.");
            }
            requireText(ref.id(), field + "[].id");
            if (ref.title() != null && ref.title().length() > MAX_TEXT) {
                throw new InvalidEventException("A title in '" + field + "' is longer than " + MAX_TEXT + " characters.");
            }
            return RequestedItem.of(ref.id(), ref.title());
        }).toList(), field);
    }
}

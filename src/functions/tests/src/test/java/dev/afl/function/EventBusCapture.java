package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for EventBridge in the local state-machine run: the machine's events:putEvents task posts its
 * parameters here; each entry is kept and answered as PutEvents answers (an event id per entry).
 */
final class EventBusCapture implements RequestHandler<JsonNode, Map<String, Object>> {

    private final List<JsonNode> entries = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, Object> handleRequest(JsonNode parameters, Context context) {
        List<Map<String, String>> ids = new java.util.ArrayList<>();
        for (JsonNode entry : parameters.path("Entries")) {
            entries.add(entry);
            ids.add(Map.of("EventId", UUID.randomUUID().toString()));
        }
        return Map.of("Entries", ids, "FailedEntryCount", 0);
    }

    /** Every entry put so far, as the state machine sent it (EventBusName, Source, DetailType, Detail). */
    List<JsonNode> entries() {
        return List.copyOf(entries);
    }
}

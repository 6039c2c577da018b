package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A Server-Sent Events stream as a client reads it, checked to be what the events endpoint promises. */
final class SseEvents {

    /** One event as read, with the time its blank line arrived ({@link System#nanoTime()}). */
    record Event(String name, String id, String data, long at) {
    }

    private SseEvents() {
    }

    /** The events of the stream until it closes; its comment lines go to {@code comments}. */
    static List<Event> read(HttpResponse<Stream<String>> response, List<String> comments) {
        List<Event> events = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!fields.isEmpty()) {
                        events.add(new Event(fields.get("event"), fields.get("id"), fields.get("data"),
                                System.nanoTime()));
                        fields.clear();
                    }
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    assertThat(colon).as("an SSE field line: " + line).isPositive();
                    assertThat(fields).as("one line per field (data is one line of JSON)")
                            .doesNotContainKey(line.substring(0, colon));
                    fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
                }
            }
        }
        assertThat(fields).as("the stream ends after a whole event").isEmpty();
        return events;
    }

    /** The events of the stream until it closes. */
    static List<Event> read(HttpResponse<Stream<String>> response) {
        return read(response, new ArrayList<>());
    }
}

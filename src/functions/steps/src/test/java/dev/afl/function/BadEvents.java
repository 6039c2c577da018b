package dev.afl.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.SoftAssertions;

/**
 * The bad events of {@code HandlerFuzzTest} and {@code BadEventsTest} as raw JSON, for the function modules' tests
 * through the runtime's JSON path: each with the error the runtime must answer (the exception's class, as Lambda
 * reports it in {@code errorType} and Step Functions matches it) and a part of its message. The events that name a
 * session name {@code live}, a session the test has stored and checks is left unchanged.
 */
public final class BadEvents {

    public static final String INVALID_EVENT = InvalidEventException.class.getName();
    public static final String NOT_FOUND = "dev.afl.memory.SessionNotFoundException";
    public static final String CONFLICT = "dev.afl.memory.SessionConflictException";

    /** A bad event and how the runtime must refuse it. */
    public record BadEvent(String what, String json, String errorType, String message) {

        @Override
        public String toString() {
            return what + ": " + (json.length() > 200 ? json.substring(0, 200) + "\u2026" : json);
        }
    }

    /** An error type of this prefix: the event is answered with a refusal carrying that problem, not failed. */
    static final String PROBLEM = "urn:afl:problem:";

    private BadEvents() {
    }

    /**
     * Sends each event to the module's function through the mock event server and checks the runtime's answer: an
     * error of the named type with the message part, and, after each, {@code unchanged} (the stored sessions as they
     * were). Every event is sent and every mismatch reported at once.
     */
    public static void assertEachRefused(List<BadEvent> events, Runnable unchanged) {
        SoftAssertions softly = new SoftAssertions();
        for (BadEvent bad : events) {
            MockLambda.Answer answer = MockLambda.invoke(bad.json());
            if (bad.errorType().startsWith(PROBLEM)) {
                // A request the loop refuses is answered, not failed: the state machine words it for the caller.
                softly.assertThat(answer.failed()).as("answered: %s (answer %s)", bad, answer).isFalse();
                if (!answer.failed()) {
                    softly.assertThat(answer.output().path("status").asText()).as("status for %s", bad)
                            .isEqualTo("REFUSED");
                    softly.assertThat(answer.output().path("refusal").path("problem").path("type").asText())
                            .as("problem for %s", bad).isEqualTo(bad.errorType());
                    softly.assertThat(answer.output().path("refusal").path("reason").asText()).as("reason for %s", bad)
                            .contains(bad.message());
                }
                unchanged.run();
                continue;
            }
            softly.assertThat(answer.failed()).as("refused: %s (answer %s)", bad, answer).isTrue();
            softly.assertThat(answer.errorType()).as("errorType for %s (message: %s)", bad, answer.errorMessage())
                    .isEqualTo(bad.errorType());
            softly.assertThat(answer.errorMessage()).as("errorMessage for %s", bad).isNotNull()
                    .contains(bad.message());
            unchanged.run();
        }
        softly.assertAll();
    }

    /** Events no function can act on: empty, not an object of the event's shape, not JSON. */
    private static List<BadEvent> shapeless() {
        return List.of(
                new BadEvent("the JSON null", "null", INVALID_EVENT, "empty"),
                new BadEvent("not JSON", "{\"sessionId\": ", "com.fasterxml.jackson.core.io.JsonEOFException",
                        "end-of-input"));
    }

    /**
     * Start events: keys twice, values of another kind, fields missing or null, oversized lists and titles, unknown
     * items, datasets and session ids, and the live session's id with another request (a conflict, not an
     * overwrite). {@code fresh} is a prefix for the session ids of events that must store nothing.
     */
    public static List<BadEvent> start(String live, String fresh) {
        String items = "\"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]";
        List<BadEvent> events = new ArrayList<>(shapeless());
        events.add(new BadEvent("sessionId twice", "{\"sessionId\": \"" + fresh + "-a\", \"sessionId\": \"" + fresh
                + "-b\", \"dataset\": \"lastfm\", " + items + "}", INVALID_EVENT, "'sessionId' more than once"));
        events.add(new BadEvent("dataset twice", "{\"sessionId\": \"" + fresh + "-c\", \"dataset\": \"lastfm\","
                + " \"dataset\": \"lastfm\", " + items + "}", INVALID_EVENT, "'dataset' more than once"));
        events.add(new BadEvent("an item's id twice", "{\"sessionId\": \"" + fresh + "-d\", \"dataset\": \"lastfm\","
                + " \"history\": [{\"id\": \"52\", \"id\": \"63\"}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\":"
                + " \"995\"}]}", INVALID_EVENT, "'history[0].id' more than once"));
        events.add(new BadEvent("sessionId a number", "{\"sessionId\": 12, \"dataset\": \"lastfm\", " + items + "}",
                INVALID_EVENT, "sessionId: expected a string, got 12"));
        events.add(new BadEvent("a title a number", "{\"sessionId\": \"" + fresh + "-e\", \"dataset\": \"lastfm\","
                + " \"history\": [{\"id\": \"52\", \"title\": 5}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\":"
                + " \"995\"}]}", INVALID_EVENT, "history[0].title: expected a string"));
        events.add(new BadEvent("maxRounds a string", "{\"sessionId\": \"" + fresh + "-f\", \"dataset\": \"lastfm\","
                + " \"maxRounds\": \"2\", " + items + "}", INVALID_EVENT, "maxRounds: expected a whole number"));
        events.add(new BadEvent("history missing", "{\"sessionId\": \"" + fresh + "-g\", \"dataset\": \"lastfm\","
                + " \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]}", INVALID_EVENT, "lacks 'history'"));
        events.add(new BadEvent("history null", "{\"sessionId\": \"" + fresh + "-h\", \"dataset\": \"lastfm\","
                + " \"history\": null, \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]}", INVALID_EVENT,
                "lacks 'history'"));
        events.add(new BadEvent("sessionId missing", "{\"dataset\": \"lastfm\", " + items + "}", INVALID_EVENT,
                "lacks 'sessionId'"));
        events.add(new BadEvent("201 history items", "{\"sessionId\": \"" + fresh + "-i\", \"dataset\": \"lastfm\","
                + " \"history\": [" + String.join(", ", Collections.nCopies(201, "{\"id\": \"52\", \"title\": \"Morcheeba\"}"))
                + "], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]}", INVALID_EVENT, "at most 200"));
        events.add(new BadEvent("an oversized title", "{\"sessionId\": \"" + fresh + "-j\", \"dataset\": \"lastfm\","
                + " \"history\": [{\"id\": \"52\", \"title\": \"" + "x".repeat(5000) + "\"}], \"candidates\":"
                + " [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]}", INVALID_EVENT, "longer than 500"));
        events.add(new BadEvent("an unknown candidate", "{\"sessionId\": \"" + fresh + "-k\", \"dataset\": \"lastfm\","
                + " \"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"nope\", \"title\": \"Nobody\"}]}",
                PROBLEM + "invalid-request", "'nope' in candidates"));
        events.add(new BadEvent("an unknown dataset", "{\"sessionId\": \"" + fresh + "-l\", \"dataset\": \"netflix\", "
                + items + "}", "dev.afl.model.ModelLoadException", "netflix"));
        events.add(new BadEvent("a session id that is a path", "{\"sessionId\": \"../../etc\", \"dataset\": \"lastfm\", "
                + items + "}", "dev.afl.AflException", "Invalid session id"));
        events.add(new BadEvent("the live session with another request", "{\"sessionId\": \"" + live + "\","
                + " \"dataset\": \"lastfm\", \"maxRounds\": 3, " + items + "}", PROBLEM + "session-conflict", live));
        return events;
    }

    /** The session ids {@link #start} uses for events that must store nothing. */
    public static List<String> startIds(String fresh) {
        return List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l").stream().map(s -> fresh + "-" + s)
                .toList();
    }

    /**
     * Step events (recommend, reward, judge) that are refused before the live session is read: keys twice, values of
     * another kind, fields missing, a round below 1, an unknown session.
     */
    public static List<BadEvent> step(String live) {
        List<BadEvent> events = new ArrayList<>(shapeless());
        events.add(new BadEvent("round a string", "{\"sessionId\": \"" + live + "\", \"round\": \"1\"}", INVALID_EVENT,
                "round: expected a whole number"));
        events.add(new BadEvent("round a fraction", "{\"sessionId\": \"" + live + "\", \"round\": 1.5}", INVALID_EVENT,
                "round: expected a whole number"));
        events.add(new BadEvent("round twice", "{\"sessionId\": \"" + live + "\", \"round\": 2, \"round\": 1}",
                INVALID_EVENT, "'round' more than once"));
        events.add(new BadEvent("sessionId a number", "{\"sessionId\": 12, \"round\": 1}", INVALID_EVENT,
                "sessionId: expected a string"));
        events.add(new BadEvent("sessionId missing", "{\"round\": 1}", INVALID_EVENT, "lacks 'sessionId'"));
        events.add(new BadEvent("sessionId null", "{\"sessionId\": null, \"round\": 1}", INVALID_EVENT,
                "lacks 'sessionId'"));
        events.add(new BadEvent("sessionId oversized", "{\"sessionId\": \"" + "x".repeat(501) + "\", \"round\": 1}",
                INVALID_EVENT, "longer than 500"));
        events.add(new BadEvent("round missing", "{\"sessionId\": \"" + live + "\"}", INVALID_EVENT, "needs 'round'"));
        events.add(new BadEvent("round 0", "{\"sessionId\": \"" + live + "\", \"round\": 0}", INVALID_EVENT,
                "needs 'round'"));
        events.add(new BadEvent("an unknown session", "{\"sessionId\": \"nobody-here\", \"round\": 1}", NOT_FOUND,
                "Unknown session 'nobody-here'"));
        return events;
    }

    /** Finalize events refused before the live session is changed. */
    public static List<BadEvent> finalize(String live) {
        List<BadEvent> events = new ArrayList<>(shapeless());
        events.add(new BadEvent("error.Error a number", "{\"sessionId\": \"" + live + "\", \"error\": {\"Error\": 5,"
                + " \"Cause\": \"boom\"}}", INVALID_EVENT, "error.Error: expected a string"));
        events.add(new BadEvent("sessionId twice", "{\"sessionId\": \"" + live + "\", \"sessionId\": \"" + live
                + "\"}", INVALID_EVENT, "'sessionId' more than once"));
        events.add(new BadEvent("sessionId blank", "{\"sessionId\": \" \"}", INVALID_EVENT, "lacks 'sessionId'"));
        events.add(new BadEvent("a failure and published at once", "{\"sessionId\": \"" + live + "\", \"error\":"
                + " {\"Error\": \"States.ALL\", \"Cause\": \"boom\"}, \"resultPublished\": true}", INVALID_EVENT,
                "not both"));
        events.add(new BadEvent("an unknown session", "{\"sessionId\": \"nobody-here\"}", NOT_FOUND,
                "Unknown session 'nobody-here'"));
        return events;
    }

    /** Case-outcome events: without the case or the session, a case of the wrong shape, an unknown session. */
    public static List<BadEvent> caseOutcome(String live) {
        String aCase = PlayedSessions.fanOutCase(live, 1);
        List<BadEvent> events = new ArrayList<>(shapeless().subList(1, 2));
        events.add(new BadEvent("the JSON null", "null", INVALID_EVENT, "needs 'sessionId' and 'case'"));
        events.add(new BadEvent("case missing", "{\"sessionId\": \"" + live + "\"}", INVALID_EVENT,
                "needs 'sessionId' and 'case'"));
        events.add(new BadEvent("sessionId twice", "{\"sessionId\": \"" + live + "\", \"sessionId\": \"x\","
                + " \"case\": " + aCase + "}", INVALID_EVENT, "'sessionId' more than once"));
        events.add(new BadEvent("case.row a string", "{\"sessionId\": \"" + live + "\", \"case\": "
                + aCase.replace("\"row\": 1", "\"row\": \"1\"") + "}", INVALID_EVENT, "row"));
        events.add(new BadEvent("sessionId missing", "{\"case\": " + aCase + "}", INVALID_EVENT, "lacks 'sessionId'"));
        events.add(new BadEvent("an unknown session", "{\"sessionId\": \"nobody-here\", \"case\": " + aCase + "}",
                NOT_FOUND, "Unknown session 'nobody-here'"));
        return events;
    }

    /** Aggregate events refused before S3 is read. */
    public static List<BadEvent> aggregate() {
        String keys = "\"bucket\": \"b\", \"casesKey\": \"cases/r.jsonl\", \"manifestKey\": \"results/r/manifest.json\"";
        return List.of(
                new BadEvent("the JSON null", "null", INVALID_EVENT, "empty"),
                shapeless().get(1),
                new BadEvent("runId twice", "{\"runId\": \"r\", \"runId\": \"s\", \"dataset\": \"lastfm\", " + keys
                        + "}", INVALID_EVENT, "'runId' more than once"),
                new BadEvent("maxRounds a string", "{\"runId\": \"r\", \"dataset\": \"lastfm\", \"maxRounds\": \"4\", "
                        + keys + "}", INVALID_EVENT, "maxRounds: expected a whole number"),
                new BadEvent("a price a string", "{\"runId\": \"r\", \"dataset\": \"lastfm\", \"priceInputPerMillion\":"
                        + " \"1\", " + keys + "}", INVALID_EVENT, "priceInputPerMillion"),
                new BadEvent("casesKey missing", "{\"runId\": \"r\", \"dataset\": \"lastfm\", \"bucket\": \"b\","
                        + " \"manifestKey\": \"m\"}", INVALID_EVENT, "casesKey"));
    }
}

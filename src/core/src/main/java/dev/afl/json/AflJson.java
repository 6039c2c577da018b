package dev.afl.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one place AFL's Jackson mappers are configured. What a client sends (an API body, a request file, an event) is
 * read strictly ({@link StrictJson}); what AFL writes and reads back itself (sessions, per-case results, cassettes,
 * data exports, model cards, reports) goes through {@link #records()} or, for a file people read, {@link
 * #documents()}: the modules on the class path (java.time and others), dates and durations as ISO-8601 text, and no
 * refusal of a field this version does not know, so a file written by another version still reads.
 *
 * <p>Each call builds a new mapper, so no caller can change another's settings; callers keep theirs in a constant.
 */
public final class AflJson {

    private AflJson() {
    }

    /** The strict reader of what clients send: {@link StrictJson#mapper()}. */
    public static ObjectMapper strict() {
        return StrictJson.mapper();
    }

    /** AFL's own records, one compact value per line or item (stored sessions, results, cassettes, data files). */
    public static ObjectMapper records() {
        return JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    /** The same as {@link #records()}, indented: documents people open (reports, cards, headers, calibrations). */
    public static ObjectMapper documents() {
        return records().enable(SerializationFeature.INDENT_OUTPUT);
    }
}

package dev.afl.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.afl.DurationText;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * What was wrong with a request or event that {@link StrictJson} refused, said for its sender: the field at fault
 * as they wrote it ({@code candidates[3].id}; empty when the whole text is at fault) and what is wrong with it,
 * without the reader's internals or an echo of a huge value. The API, the command line and the functions all say
 * it this way.
 */
public record JsonProblem(String field, String message) {

    /** Whether the whole text, not one field, is at fault. */
    public boolean whole() {
        return field.isEmpty();
    }

    /** The field, or {@code whole} when the whole text is at fault. */
    public String fieldOr(String whole) {
        return field.isEmpty() ? whole : field;
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }

    public static JsonProblem of(JsonProcessingException e) {
        return switch (e) {
            case JsonParseException unreadable -> unreadable(unreadable);
            case UnrecognizedPropertyException unknown -> new JsonProblem(StrictJson.path(unknown), "unknown field '"
                    + unknown.getPropertyName() + "'; the fields here are "
                    + new TreeSet<>(unknown.getKnownPropertyIds().stream().map(String::valueOf).toList()));
            case MismatchedInputException mismatched -> new JsonProblem(StrictJson.path(mismatched), "expected "
                    + expected(mismatched.getTargetType()) + (mismatched instanceof InvalidFormatException format
                            ? ", got " + quoted(format.getValue()) : ""));
            case JsonMappingException unmappable -> unmappable(unmappable);
            case StreamConstraintsException limit -> new JsonProblem("", "over a limit of the JSON reader: "
                    + limit.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
            default -> new JsonProblem("", "could not be read: " + shortened(e.getOriginalMessage()));
        };
    }

    private static JsonProblem unreadable(JsonParseException e) {
        return StrictJson.duplicateKey(e).map(key -> new JsonProblem(key, "the key is given more than once; give"
                + " each key once (which value was meant is not guessed)")).orElseGet(() -> {
                    var where = e.getLocation();
                    return new JsonProblem("", "not valid JSON (" + e.getOriginalMessage().lines().findFirst()
                            .orElse("") + (where == null ? "" : " at line " + where.getLineNr() + ", column "
                                    + where.getColumnNr()) + ")");
                });
    }

    /**
     * A value read as JSON but not as its field, other than the mismatches above; mostly a number too large or too
     * small for its field, named by the field and without echoing the number, which may have up to 1,000 digits
     * (found by {@code ApiFuzzTest}: it was answered as the whole body at fault).
     */
    private static JsonProblem unmappable(JsonMappingException e) {
        if (e.getCause() instanceof JsonProcessingException cause && !(cause instanceof InputCoercionException)) {
            return of(cause); // the text cut short, or over a limit, while a field was read
        }
        String message = e.getCause() instanceof InputCoercionException range
                ? "expected " + expected(range.getTargetType()) + ", got a number out of its range"
                : "the value could not be read: " + shortened(e.getOriginalMessage());
        return new JsonProblem(StrictJson.path(e), message);
    }

    private static final Map<Class<?>, String> EXPECTED = Map.ofEntries(
            Map.entry(String.class, "a string"),
            Map.entry(Integer.class, "a whole number"), Map.entry(int.class, "a whole number"),
            Map.entry(Long.class, "a whole number"), Map.entry(long.class, "a whole number"),
            Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"),
            Map.entry(Float.class, "a number"), Map.entry(float.class, "a number"),
            Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
            Map.entry(Duration.class, "a duration as a string: " + DurationText.FORMS));

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (EXPECTED.containsKey(type)) {
            return EXPECTED.get(type);
        }
        return Collection.class.isAssignableFrom(type) || type.isArray() ? "a JSON array" : "a JSON object";
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + shortened(text, 40) + "\"" : shortened(String.valueOf(value), 40);
    }

    private static String shortened(String message) {
        return shortened(message, 200);
    }

    private static String shortened(String message, int limit) {
        return message.length() > limit ? message.substring(0, limit) + "..." : message;
    }
}

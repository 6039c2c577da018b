package dev.afl.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.afl.DurationText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How AFL reads what a client sends (an API body, a {@code refine --request} file, a function's event): strictly.
 * A key given twice in one object, a number where text belongs or text where a number or true/false belongs, a
 * fraction where a whole number belongs, a number where a duration belongs, null for a primitive, or text after
 * the value is an error that names the field, never a silent pick of the last value or a guess. Whether an unknown
 * field is an error is left to each reader (the API and the command line refuse one; the Lambda runtime ignores
 * one, as a state machine may pass more than a function reads).
 *
 * <p>The one place these settings live: every reader of requests and events takes its mapper from here.
 */
public final class StrictJson {

    private static final String DUPLICATE = "Duplicate field '";

    private StrictJson() {
    }

    /** A new strict mapper (unknown fields refused), with the modules on the class path (java.time and others). */
    public static ObjectMapper mapper() {
        return strict(JsonMapper.builder().findAndAddModules().build());
    }

    /** A strict copy of {@code base} (its modules and naming kept); {@code base} itself is left as it was. */
    public static ObjectMapper strict(ObjectMapper base) {
        ObjectMapper mapper = base.copy() // copies the parser factory too, so the duplicate check stays in the copy
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // A duration is text, 30s or PT30S (DurationText): a bare number's unit would be a guess.
        mapper.registerModule(new SimpleModule("afl-durations").addDeserializer(Duration.class, new TextDuration()));
        return mapper;
    }

    /**
     * Where a key was given twice, if that is what the reader refused: the key's path as the client wrote it
     * ({@code candidates[1].id}). The reader reports a duplicate only in its message, so it is recognised here,
     * in one place, and a test pins the message.
     */
    public static Optional<String> duplicateKey(JsonProcessingException e) {
        // A reader of a list wraps what went wrong in an item: the parser's own exception is the cause.
        Throwable cause = e;
        while (cause != null && !(cause instanceof JsonParseException)) {
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        if (!(cause instanceof JsonParseException parse) || parse.getOriginalMessage() == null
                || !parse.getOriginalMessage().startsWith(DUPLICATE)) {
            return Optional.empty();
        }
        String message = parse.getOriginalMessage();
        String key = message.substring(DUPLICATE.length(), Math.max(DUPLICATE.length(), message.lastIndexOf('\'')));
        JsonParser parser = parse.getProcessor();
        // The reader stops in the object holding the key, with the key as its current name.
        String where = parser == null ? key : path(parser.getParsingContext());
        return Optional.of(where.endsWith(key) ? where : key);
    }

    /** The field a value could not be read into, as the client wrote it ({@code history[2].id}); "" for the whole. */
    public static String path(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The path of a reader's position, as the client wrote it: {@code history[2]}, {@code budget}. */
    public static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.push("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.getCurrentName() != null) {
                parts.push("." + at.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** Reads a duration from its text only ({@link DurationText}). */
    private static final class TextDuration extends StdScalarDeserializer<Duration> {

        TextDuration() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser.currentToken(), parser,
                        "a duration is text: " + DurationText.FORMS);
            }
            String text = parser.getText().trim();
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, text,
                        "not a duration; write " + DurationText.FORMS);
            }
        }
    }
}

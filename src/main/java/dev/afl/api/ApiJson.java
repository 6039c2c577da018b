package dev.afl.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The API's JSON reading is strict where the application's (the Lambda events') is lenient: an unknown field, a
 * fraction or a quoted number where a whole number belongs, a number where a duration belongs, or trailing text is
 * an error the client hears about, not something silently dropped, rounded or guessed.
 */
@Provider
public class ApiJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    @Inject
    public ApiJson(ObjectMapper application) {
        mapper = application.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // A duration is ISO-8601 text (PT30S): a bare number's unit would be a guess.
        mapper.registerModule(new SimpleModule("iso-durations").addDeserializer(Duration.class, new IsoDuration()));
    }

    /** Reads a duration from ISO-8601 text only. */
    private static final class IsoDuration extends StdScalarDeserializer<Duration> {

        IsoDuration() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser.currentToken(), parser,
                        "a duration is ISO-8601 text, e.g. \"PT30S\"");
            }
            String text = parser.getText().trim();
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, text,
                        "not an ISO-8601 duration; write e.g. \"PT30S\" or \"PT2M\"");
            }
        }
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}

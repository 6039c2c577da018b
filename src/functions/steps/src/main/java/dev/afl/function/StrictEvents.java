package dev.afl.function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.json.JsonProblem;
import dev.afl.json.StrictJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * The functions read their events strictly ({@link StrictJson}): a key given twice or a value of the wrong kind
 * ({@code "sessionId": 12}, {@code "round": "2"}) is refused with {@link InvalidEventException} naming the field,
 * which the state machine reports as the start step's refusal. The Lambda runtime reads events with a copy of the
 * application's mapper, which keeps the last of two keys and converts scalars; this customizer gives that mapper a
 * strict reader for the event types only, so the LLM client and everything else that copies the mapper read as
 * before. Unknown fields stay ignored, as the runtime ignores them: a state machine may pass more than a function
 * reads.
 */
@Singleton
public class StrictEvents implements ObjectMapperCustomizer {

    /** Every function's event type. */
    static final List<Class<?>> EVENTS = List.of(StartEvent.class, StepEvent.class, FinalizeEvent.class,
            CaseOutcomeEvent.class, AggregateEvent.class);

    /** Binds an event once its keys are checked; without this customizer's module, so without recursion. */
    private static final ObjectMapper BINDER = StrictJson.mapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("afl-strict-events");
        EVENTS.forEach(type -> add(module, type));
        mapper.registerModule(module);
    }

    private static <T> void add(SimpleModule module, Class<T> type) {
        module.addDeserializer(type, new StrictEvent<>(type));
    }

    /** Reads an event as a tree, refusing a key given twice, then binds the tree strictly. */
    static final class StrictEvent<T> extends StdDeserializer<T> {

        private final Class<T> type;

        StrictEvent(Class<T> type) {
            super(type);
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = read(parser, context);
            try {
                return BINDER.treeToValue(tree, type);
            } catch (JsonProcessingException e) {
                throw new InvalidEventException("The " + type.getSimpleName() + " is not valid: " + JsonProblem.of(e)
                        + ".");
            }
        }

        /** The value at the parser, as a tree; a key given twice in an object is refused with its path. */
        private static JsonNode read(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.START_OBJECT)) {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                    String name = parser.currentName();
                    if (object.has(name)) {
                        throw new InvalidEventException("The event gives '" + StrictJson.path(
                                parser.getParsingContext()) + "' more than once; give each key once (which value was"
                                + " meant is not guessed).");
                    }
                    parser.nextToken();
                    object.set(name, read(parser, context));
                }
                return object;
            }
            if (parser.hasToken(JsonToken.START_ARRAY)) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null;
                        token = parser.nextToken()) {
                    array.add(read(parser, context));
                }
                return array;
            }
            return context.readTree(parser); // a scalar
        }
    }
}

package dev.afl.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JSON Schemas of AFL's events, read from infra/events/, with format assertions (date-time) switched on. */
public final class EventSchemas {

    public static final Path FOLDER = Path.of("infra/events");
    public static final JsonSchema REFINEMENT_REQUESTED = load("refinement-requested.schema.json");
    public static final JsonSchema RECOMMENDATION_REFINED = load("recommendation-refined.schema.json");

    private EventSchemas() {
    }

    /** Every violation of the schema, as readable lines; empty when the payload is valid. */
    public static List<String> problems(JsonSchema schema, JsonNode payload) {
        return schema.validate(payload).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(String file) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(FOLDER.resolve(file))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema " + FOLDER.resolve(file), e);
        }
    }
}

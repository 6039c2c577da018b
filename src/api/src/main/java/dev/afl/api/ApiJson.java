package dev.afl.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.json.StrictJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The API reads bodies with {@link StrictJson}, where the application's mapper (the Lambda events', the LLM
 * client's) is lenient: an unknown field, a key given twice, a value of the wrong kind or trailing text is an error
 * the client hears about, not something silently dropped, overwritten, converted or guessed.
 */
@Provider
public class ApiJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    @Inject
    public ApiJson(ObjectMapper application) {
        mapper = StrictJson.strict(application);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}

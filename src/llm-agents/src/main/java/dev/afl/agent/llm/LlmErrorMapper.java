package dev.afl.agent.llm;

import dev.afl.ProviderError;
import dev.afl.RetryAfter;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns every HTTP error answer of the LLM into {@link LlmHttpException}, whose message is the redacted
 * {@link ProviderError}: the OpenAI client's own mapping keeps the whole body, which a gateway may fill with the
 * request's {@code Authorization} header. A 429 or 503 with a readable {@code Retry-After} becomes
 * {@link LlmBusyException}, which keeps the wait. Registered on the OpenAI REST clients by
 * {@code dev.afl.app.OpenAiRestClientListener}, ahead of that mapping (a lower priority runs first).
 */
public final class LlmErrorMapper implements ResponseExceptionMapper<LlmHttpException> {

    private final List<String> secrets;

    /** @param secrets the configured API keys, removed from whatever is kept of an answer */
    public LlmErrorMapper(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public LlmHttpException toThrowable(Response response) {
        String body = null;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException unreadable) {
            // The status alone says enough.
        }
        ProviderError error = ProviderError.of(response.getStatus(), body, secrets);
        Optional<Duration> wait = (error.status() == 429 || error.status() == 503)
                ? RetryAfter.parse(response.getHeaderString(RetryAfter.HEADER)) : Optional.empty();
        return wait.<LlmHttpException>map(after -> new LlmBusyException(error, after))
                .orElseGet(() -> new LlmHttpException(error));
    }

    @Override
    public int getPriority() {
        return Priorities.USER - 100;
    }
}

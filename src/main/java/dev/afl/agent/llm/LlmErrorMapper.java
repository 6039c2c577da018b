package dev.afl.agent.llm;

import dev.afl.RetryAfter;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns an LLM's HTTP 429 or 503 that carries a readable {@code Retry-After} into {@link LlmBusyException}, which
 * keeps the wait: the OpenAI client's own mapping keeps only the status and the body. Registered on the OpenAI REST
 * clients by {@code dev.afl.app.OpenAiRestClientListener}, ahead of that mapping (a lower priority runs first).
 */
public final class LlmBusyMapper implements ResponseExceptionMapper<LlmBusyException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return (status == 429 || status == 503) && wait(headers.getFirst(RetryAfter.HEADER)).isPresent();
    }

    @Override
    public LlmBusyException toThrowable(Response response) {
        Optional<Duration> wait = wait(response.getHeaderString(RetryAfter.HEADER));
        if (wait.isEmpty()) {
            return null;
        }
        String body = response.hasEntity() ? response.readEntity(String.class) : null;
        return new LlmBusyException(response.getStatus(), wait.get(), body);
    }

    @Override
    public int getPriority() {
        return Priorities.USER - 100;
    }

    private static Optional<Duration> wait(Object header) {
        return RetryAfter.parse(header == null ? null : header.toString());
    }
}
